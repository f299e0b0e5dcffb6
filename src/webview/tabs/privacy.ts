import { dcrHistogramSpec, nndrHistogramSpec } from '../../core/charts/privacy';
import type { ClosestPair, ClosestPairs, PiiColumnCheck } from '../../core/quality/types';
import { chart } from '../charts';
import { band, el, int, kpi, num, pct, section } from '../dom';
import { badge, button } from '../ui';
import type { TabContext } from './context';

/** Privacy: DCR and NNDR against a holdout, exact copies, and synthetic records beside their closest real records. */
export function privacyTab(view: HTMLElement, ctx: TabContext): void {
  const p = ctx.report.privacy;
  const e = p.exactCopies;
  // A fresh row's nearest neighbour among train ∪ holdout is any of them alike: it is a training
  // row with probability train / (train + holdout), the share "closer to train" fresh data gives.
  const { train: nTrain, holdoutReference: nHoldout } = p.dcr.sizes;
  const freshCloser = nTrain + nHoldout > 0 && nHoldout > 0 ? nTrain / (nTrain + nHoldout) : null;
  view.append(
    el('p', { class: 'intro', text: p.skipped ? `${p.meaning} (${p.skipped}.)` : p.meaning }),
    el('div', { class: 'kpis', attrs: { role: 'group', 'aria-label': 'Privacy figures' } }, [
      kpi('privacy', p.score === null ? 'skipped' : pct(p.score), {
        band: band(p.score),
        hint: 'DCR protection × (1 − excess exact-copy rate).',
        id: 'kpi-privacy-score',
      }),
      kpi('DCR share', p.dcrShare === null ? 'n/a' : p.dcrShare.toFixed(2), {
        detail: '0.50 = as fresh data',
        hint: "How often a synthetic row's closest real record is a training row rather than a holdout row, against how often it is for fresh data (as odds, mapped to 0..1). Near 1 means copies.",
        band:
          p.dcrShare === null
            ? undefined
            : p.dcrShare <= 0.55
              ? 'band-good'
              : p.dcrShare <= 0.65
                ? 'band-fair'
                : 'band-poor',
        id: 'kpi-dcr-share',
      }),
      kpi('exact copies', int(e.count), {
        detail: `${pct(e.rate, 2)} of ${int(e.rows)} rows; real repeats itself ${e.baselineRate === null ? 'n/a' : pct(e.baselineRate, 2)}`,
        band: e.excessRate > 0 ? 'band-poor' : 'band-good',
        hint: `Synthetic rows identical to a training row on every compared column. Baseline: ${e.baseline === 'holdout' ? 'holdout rows identical to a training row' : 'real rows identical to another real row'}.`,
        id: 'kpi-exact-copies',
      }),
      kpi('NNDR median', num(p.nndr.median), {
        detail: `holdout ${num(p.nndr.holdoutMedian)}`,
        hint: 'Nearest / second-nearest training-row distance. Near 0: one real record stands out as much closer than any other.',
      }),
      kpi('SDMetrics DCR protection', p.dcr.sdmetricsScore === null ? 'n/a' : pct(p.dcr.sdmetricsScore), {
        detail:
          p.dcr.closerToTrain === null
            ? ''
            : `${pct(p.dcr.closerToTrain)} closer to train${freshCloser === null ? '' : ` (fresh data: ${pct(freshCloser)})`}`,
        hint: 'DCROverfittingProtection: min(1, 2 (1 − share of synthetic rows closer to train than to holdout)); its ideal depends on the split sizes.',
      }),
    ]),
    ...(p.dcrShare !== null && p.dcr.closerToTrain !== null && freshCloser !== null
      ? [
          el('p', {
            class: 'muted intro',
            id: 'dcr-explained',
            text: `${pct(p.dcr.closerToTrain)} of synthetic rows have a training row as their closest real record; with ${int(nTrain)} training and ${int(nHoldout)} holdout rows, fresh data gives ${pct(freshCloser)}. As odds against fresh data's, mapped to 0..1, that is the DCR share ${p.dcrShare.toFixed(2)} (0.50 = as fresh data).${p.dcr.distanceShare === null ? '' : ` By distance alone, a synthetic row is nearer the training rows than a holdout row is in ${pct(p.dcr.distanceShare)} of pairs (50% = as far as fresh data; below: smoother than real data, which says nothing about memorising).`}`,
          }),
        ]
      : []),
    el('div', { class: 'two-up' }, [
      section('Distance to the closest record', [
        chart({
          title: 'DCR: synthetic → train vs synthetic → holdout',
          caption: `${int(p.dcr.sizes.synthetic)} synthetic and ${int(p.dcr.sizes.holdout)} holdout rows, searched against ${int(p.dcr.sizes.train)} training rows. Where synthetic → train sits left of synthetic → holdout, synthetic rows are nearer the rows they were fitted on than rows never seen.`,
          build: (t, s) => dcrHistogramSpec(p.dcr, t, s),
          attrs: { id: 'dcr-chart' },
          empty: 'No distances were computed.',
        }),
      ]),
      section('Nearest-neighbour distance ratio', [
        chart({
          title: 'NNDR: synthetic vs holdout rows',
          caption: 'Ratios near 0 single out one real record; holdout rows show what fresh data looks like.',
          build: (t, s) => nndrHistogramSpec(p.nndr, t, s),
          attrs: { id: 'nndr-chart' },
          empty: 'No ratios were computed.',
        }),
      ]),
    ]),
  );
  if (p.pii?.length) view.appendChild(personalData(p.pii));
  view.appendChild(closestRecords(p.closestPairs, ctx));
}

/** Columns of personal data (faked, never copied) and how many synthetic values equal a real one. */
function personalData(checks: PiiColumnCheck[]): HTMLElement {
  const row = (cells: string[], tag: 'td' | 'th' = 'td'): HTMLElement =>
    el(
      'tr',
      {},
      cells.map((t) => el(tag, { text: t })),
    );
  return section('Personal data', [
    el('p', {
      class: 'muted',
      text: "These columns hold personal data: the blueprint stores none of their values, and generated values are made up (faker, in the column's locale). A synthetic value equal to a real one can only be a coincidence of common values.",
    }),
    el('table', { class: 'data', attrs: { id: 'pii-table' } }, [
      row(['column', 'kind', 'locale', 'synthetic values', 'equal to a real value', 'most often'], 'th'),
      ...checks.map((c) =>
        row([
          c.column,
          c.kind,
          c.locale,
          int(c.syntheticValues),
          int(c.realInOutput),
          c.worst ? `"${c.worst.value}" (${int(c.worst.count)}×)` : '—',
        ]),
      ),
    ]),
  ]);
}

function closestRecords(cp: ClosestPairs, ctx: TabContext): HTMLElement {
  if (cp.pairs.length === 0)
    return section('Closest records', [el('p', { class: 'muted', text: 'No closest-record pairs in this report.' })]);
  let index = Math.min(Math.max(0, ctx.state.privacyPair ?? 0), cp.pairs.length - 1);
  const body = el('div', { class: 'pair-body', attrs: { 'aria-live': 'polite' } });
  const counter = el('span', { class: 'muted', id: 'pair-counter' });
  const show = (): void => {
    ctx.save({ privacyPair: index });
    counter.textContent = `Pair ${index + 1} of ${cp.pairs.length}`;
    body.replaceChildren(pairView(cp, cp.pairs[index]));
  };
  const another = button(
    'Another one',
    () => {
      index = (index + 1) % cp.pairs.length;
      show();
    },
    {
      appearance: 'primary',
      id: 'another-pair',
      title: 'Show another synthetic record beside its closest real record',
    },
  );
  show();
  return section('Closest records', [el('div', { class: 'toolbar' }, [another, counter]), body], {
    intro:
      'A synthetic record beside the most similar record among the training rows. Half of these pairs are the synthetic rows nearest to a real row (what a privacy review looks at first), half are drawn at random (typical rows).',
    id: 'closest-records',
  });
}

function pairView(cp: ClosestPairs, pair: ClosestPair): HTMLElement {
  const differing = pair.differs.filter(Boolean).length;
  const rows = cp.columns.map((name, i) => {
    const d = pair.differs[i];
    const cell = (v: string | null): HTMLElement =>
      v === null ? el('td', { class: 'missing', text: 'missing' }) : el('td', { text: v });
    return el('tr', { class: d ? 'differs' : 'same' }, [
      el('th', { attrs: { scope: 'row' } }, [name, el('span', { class: 'type muted', text: ` ${cp.types[i]}` })]),
      cell(pair.synthetic[i] ?? null),
      cell(pair.real[i] ?? null),
      el('td', { class: 'mark', text: d ? '≠ differs' : '=', attrs: { 'aria-label': d ? 'differs' : 'same' } }),
    ]);
  });
  return el(
    'div',
    {
      class: 'pair',
      attrs: { 'data-synthetic-row': String(pair.syntheticRow), 'data-real-row': String(pair.realRow) },
    },
    [
      el('p', { class: 'pair-head' }, [
        badge(pair.kind === 'closest' ? 'among the closest' : 'random draw', pair.kind),
        ` distance ${pair.distance.toFixed(4)} · synthetic row ${(pair.syntheticRow + 1).toLocaleString('en-US')} · real row ${(pair.realRow + 1).toLocaleString('en-US')} · ${differing} of ${cp.columns.length} columns differ`,
      ]),
      el('p', { class: 'pair-description', text: pair.description }),
      el('table', { class: 'pair-table' }, [
        el('thead', {}, [
          el('tr', {}, [
            el('th', { text: 'column', attrs: { scope: 'col' } }),
            el('th', { text: 'synthetic record', attrs: { scope: 'col' } }),
            el('th', { text: 'closest real record', attrs: { scope: 'col' } }),
            el('th', { text: '', attrs: { scope: 'col', 'aria-label': 'differs?' } }),
          ]),
        ]),
        el('tbody', {}, rows),
      ]),
    ],
  );
}
