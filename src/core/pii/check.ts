/**
 * The report's check of personal-data columns: which columns were faked, and how many synthetic
 * values equal a real value of the same column (none should, beyond chance coincidences of common
 * names), with the most frequent such value as the worst example.
 */
import type { ColumnSpec } from '../blueprint/types';
import type { PiiColumnCheck } from '../quality/types';
import type { Table } from '../table';

export function checkPii(real: Table, synthetic: Table, columns: readonly ColumnSpec[]): PiiColumnCheck[] {
  const out: PiiColumnCheck[] = [];
  for (const spec of columns) {
    if (!spec.pii) continue;
    const r = real.columns.find((c) => c.name === spec.name);
    const s = synthetic.columns.find((c) => c.name === spec.name);
    if (!s || s.storage !== 'text') continue;
    const realValues = new Set<string>();
    if (r?.storage === 'text') for (const v of r.values) if (v !== null) realValues.add(v.trim().toLowerCase());
    const hits = new Map<string, number>();
    let values = 0;
    let found = 0;
    for (const v of s.values) {
      if (v === null) continue;
      values++;
      if (!realValues.has(v.trim().toLowerCase())) continue;
      found++;
      hits.set(v, (hits.get(v) ?? 0) + 1);
    }
    let worst: { value: string; count: number } | undefined;
    for (const [value, count] of hits) if (!worst || count > worst.count) worst = { value, count };
    out.push({
      column: spec.name,
      kind: spec.pii,
      locale: spec.locale ?? 'en_US',
      syntheticValues: values,
      realValues: realValues.size,
      realInOutput: found,
      ...(worst ? { worst } : {}),
    });
  }
  return out;
}

/** One report note: "Personal data faked: email (email), ...; 0 of 3,000 synthetic values are real ones." */
export function piiNote(checks: PiiColumnCheck[]): string | undefined {
  if (!checks.length) return undefined;
  const found = checks.reduce((a, c) => a + c.realInOutput, 0);
  const total = checks.reduce((a, c) => a + c.syntheticValues, 0);
  const worst = checks.filter((c) => c.worst).sort((a, b) => b.worst!.count - a.worst!.count)[0];
  return `Personal data made up, never copied: ${checks.map((c) => `${c.column} (${c.kind})`).join(', ')}; ${found.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} synthetic values equal a real value of their column${worst ? ` (most often "${worst.worst!.value}" in ${worst.column}, ${worst.worst!.count} times)` : ''}.`;
}
