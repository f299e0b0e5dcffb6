import {
  contingencySpec,
  correlationHeatmapSpec,
  differenceDomain,
  scatterMatrixSpec,
  type ScatterMode,
} from '../../core/charts/pairs';
import type { PairFidelity } from '../../core/quality/types';
import { chart } from '../charts';
import { el, num, pct, section, table } from '../dom';
import { dropdown, labelled } from '../ui';
import type { TabContext } from './context';

const SEP = '\u0000';

/** Pairs: correlation heatmaps, a scatter matrix of the sample, the contingency view of a chosen pair, the worst pairs. */
export function pairsTab(view: HTMLElement, ctx: TabContext): void {
  const r = ctx.report;
  const corr = r.fidelity.correlation;
  view.append(
    el('p', {
      class: 'muted intro',
      text: `Pair trends ${pct(r.fidelity.pairTrends)}: how well relationships between columns carry over (CorrelationSimilarity for number pairs, ContingencySimilarity for the others).`,
    }),
  );

  if (corr && corr.columns.length >= 2) {
    view.appendChild(
      section(
        'Correlations',
        [
          el('div', { class: 'heatmaps' }, [
            chart({
              title: 'Real',
              build: (t, s) => correlationHeatmapSpec(corr, 'real', t, s),
              attrs: { 'data-heatmap': 'real' },
              minHeight: 'large',
              caption: 'Colour scale ±1.',
            }),
            chart({
              title: 'Synthetic',
              build: (t, s) => correlationHeatmapSpec(corr, 'synthetic', t, s),
              attrs: { 'data-heatmap': 'synthetic' },
              minHeight: 'large',
              caption: 'Colour scale ±1.',
            }),
            chart({
              title: 'Difference (synthetic − real)',
              build: (t, s) => correlationHeatmapSpec(corr, 'difference', t, s),
              attrs: { 'data-heatmap': 'difference' },
              minHeight: 'large',
              caption: `Colour scale ±${differenceDomain(corr).toFixed(1)}.`,
            }),
          ]),
        ],
        {
          intro: `Pearson r of the numeric columns. Mean |difference| ${num(corr.meanAbsDifference)}, largest ${num(corr.maxAbsDifference)}.`,
        },
      ),
    );
  } else {
    view.appendChild(
      section('Correlations', [
        el('p', { class: 'muted', text: 'Fewer than two numeric columns: no correlation matrix.' }),
      ]),
    );
  }

  const sample = r.sample;
  if (sample && sample.columns.length >= 2) {
    const holder = el('div');
    const mode = (ctx.state.scatter ?? 'both') as ScatterMode;
    const draw = (m: ScatterMode): void => {
      ctx.save({ scatter: m });
      holder.replaceChildren(
        chart({
          title: `Scatter matrix (${m === 'both' ? 'real and synthetic' : `${m} rows`})`,
          caption: `${sample.real.length.toLocaleString('en-US')} random real and ${sample.synthetic.length.toLocaleString('en-US')} synthetic rows; columns: ${sample.chosenBy}.`,
          build: (t, s) => scatterMatrixSpec(sample, m, t, s),
          attrs: { id: 'scatter-matrix' },
          minHeight: 'large',
        }),
      );
    };
    const options = [
      { value: 'both', label: 'Real and synthetic' },
      { value: 'real', label: sample.target ? `Real, coloured by ${sample.target.column}` : 'Real only' },
      {
        value: 'synthetic',
        label: sample.target ? `Synthetic, coloured by ${sample.target.column}` : 'Synthetic only',
      },
    ];
    view.appendChild(
      section('Scatter matrix', [
        el('div', { class: 'toolbar' }, [
          labelled(
            'Show',
            dropdown(options, mode, (v) => draw(v as ScatterMode), 'Rows in the scatter matrix', 'scatter-mode'),
          ),
        ]),
        holder,
      ]),
    );
    draw(mode);
  }

  const withTable = r.fidelity.pairs.filter((p) => p.table).sort((a, b) => a.score - b.score);
  if (withTable.length) {
    const key = (p: PairFidelity): string => p.columns.join(SEP);
    const current = withTable.find((p) => key(p) === ctx.state.pair) ?? withTable[0];
    const holder = el('div');
    const draw = (k: string): void => {
      const p = withTable.find((x) => key(x) === k);
      if (!p) return;
      ctx.save({ pair: k });
      holder.replaceChildren(
        chart({
          title: `${p.columns[0]} × ${p.columns[1]}`,
          caption: `${p.metric} ${pct(p.score)}${p.real !== undefined ? ` · r real ${num(p.real)}, synthetic ${num(p.synthetic)}` : ''}. Share of rows in each combination (10 commonest categories or 10 bins of the real range).`,
          build: (t, s) => contingencySpec(p, t, s),
          attrs: { id: 'contingency', 'data-pair': p.columns.join(' × ') },
          minHeight: 'large',
        }),
      );
    };
    const picker = dropdown(
      withTable.map((p) => ({ value: key(p), label: `${p.columns[0]} × ${p.columns[1]} · ${pct(p.score)}` })),
      key(current),
      draw,
      'Pair of columns',
      'pair-picker',
    );
    view.appendChild(
      section('Contingency', [
        el('div', { class: 'toolbar' }, [
          labelled('Pair', picker),
          el('span', { class: 'muted', text: `${withTable.length} pairs, worst first.` }),
        ]),
        holder,
      ]),
    );
    draw(key(current));
  }

  const worst = [...r.fidelity.pairs].sort((a, b) => a.score - b.score).slice(0, 12);
  if (worst.length) {
    view.appendChild(
      section(
        'Weakest pairs',
        [
          table(
            ['pair', 'metric', 'score', 'r real', 'r synthetic'],
            worst.map((p) => [
              `${p.columns[0]} × ${p.columns[1]}`,
              p.metric,
              pct(p.score),
              p.real === undefined ? '' : num(p.real),
              p.synthetic === undefined ? '' : num(p.synthetic),
            ]),
            { class: 'stats compact' },
          ),
        ],
        { intro: `The ${worst.length} lowest of ${r.fidelity.pairs.length} pair scores.` },
      ),
    );
  }
}
