/**
 * Asking for the rows you need, measured on bank-full.csv (45,211 rows; y is 11.7% "yes"):
 * 1. time to 10,000 rows of a condition about 0.05% likely in the model, per method, beside the
 *    rows generate-and-discard would need (1 / P of them per row kept) and the time they take
 *    at the method's own unconditioned speed;
 * 2. utility of rebalanced rows: a classifier trained on real rows plus synthetic rows with
 *    y = 50% "yes" vs on real rows alone, recall and precision of "yes" on real held-out rows
 *    (scikit-learn, /usr/bin/python3: logistic regression and histogram gradient boosting).
 *
 *   npm run bench:control [-- path/to/bank-full.csv]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCsv } from '../../src/core/csv/read';
import { writeCsv } from '../../src/core/csv/write';
import { fitBlueprint } from '../../src/core/fit';
import { splitTable } from '../../src/core/holdout';
import { generateTable } from '../../src/core/generate';
import { compileCondition, rowsMeeting } from '../../src/core/generate/condition';
import { Rng } from '../../src/core/random';
import type { Table } from '../../src/core/table';

const toCsv = (t: Table): string =>
  writeCsv(
    t,
    t.columns.map((c) => ({ name: c.name })),
  );

const file = process.argv[2] ?? '/work/shared/datasets/bank-full.csv';
const WHERE = 'y == "yes" and age >= 60 and balance >= 10000';
const dir = mkdtempSync(join(tmpdir(), 'bench-control-'));

const all = readCsv(new Uint8Array(readFileSync(file)), { fileName: 'bank-full.csv' });
// One seeded 80/20 split: the generators see only the training rows.
const whole = fitBlueprint(all, { holdout: 0, method: 'copula' });
const split = splitTable(whole.table, 0.2, new Rng(7));
const trainCsv = toCsv(split.train);
writeFileSync(join(dir, 'train.csv'), trainCsv);
writeFileSync(join(dir, 'test.csv'), toCsv(split.holdout));
const train = readCsv(new TextEncoder().encode(trainCsv), { fileName: 'train.csv' });

console.log(
  `bank-full: ${split.train.rowCount} training rows, ${split.holdout.rowCount} held out; condition \`${WHERE}\``,
);
console.log(
  'method  fit s  P(model)  rows/s plain  10,000 rows with --where  generate-and-discard (rows, est. s)  speed-up',
);
const utilityFiles: string[] = [];
for (const method of ['copula', 'cart'] as const) {
  let t = performance.now();
  const bp = fitBlueprint(train, { method, holdout: 0 }).blueprint;
  const fitS = (performance.now() - t) / 1000;
  const probe = 400_000;
  t = performance.now();
  const plain = generateTable(bp, { rows: probe, seed: 3 });
  const plainS = (performance.now() - t) / 1000;
  const meeting = rowsMeeting(plain, compileCondition(WHERE, bp, { label: 'where', location: {} })).length;
  const p = meeting / probe;
  t = performance.now();
  const conditioned = generateTable(bp, { rows: 10_000, where: WHERE });
  const condS = (performance.now() - t) / 1000;
  if (conditioned.rowCount !== 10_000) throw new Error('wrong row count');
  const discardRows = p > 0 ? 10_000 / p : Infinity;
  const discardS = discardRows / (probe / plainS);
  console.log(
    `${method.padEnd(7)} ${fitS.toFixed(1).padStart(5)}  ${(p * 100).toFixed(3)}% (${meeting}/${probe})  ${Math.round(probe / plainS).toLocaleString('en-US')}  ${condS.toFixed(2)} s  ${Math.round(discardRows).toLocaleString('en-US')} rows, ${discardS.toFixed(1)} s  ${(discardS / condS).toFixed(1)}x`,
  );
  const rebalanced = generateTable(bp, { rows: split.train.rowCount, rebalance: 'y=0.5', seed: 11 });
  const out = join(dir, `rebalanced-${method}.csv`);
  writeFileSync(out, toCsv(rebalanced));
  utilityFiles.push(out);
}

const py = `
import sys, csv
import numpy as np
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.compose import ColumnTransformer
from sklearn.pipeline import make_pipeline
from sklearn.linear_model import LogisticRegression
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import precision_score, recall_score
def load(p):
    rows = list(csv.DictReader(open(p)))
    return rows
num = ['age','balance','day','duration','campaign','pdays','previous']
cat = ['job','marital','education','default','housing','loan','contact','month','poutcome']
def xy(rows):
    X = [[float(r[c]) for c in num] + [r[c] for c in cat] for r in rows]
    y = np.array([1 if r['y']=='yes' else 0 for r in rows])
    return np.array(X, dtype=object), y
train = load(sys.argv[1]); test = load(sys.argv[2])
Xt, yt = xy(test)
def model(kind):
    pre = ColumnTransformer([('n', StandardScaler(), list(range(len(num)))), ('c', OneHotEncoder(handle_unknown='ignore'), list(range(len(num), len(num)+len(cat))))])
    if kind == 'logistic': return make_pipeline(pre, LogisticRegression(max_iter=2000))
    return make_pipeline(ColumnTransformer([('n', 'passthrough', list(range(len(num)))), ('c', OneHotEncoder(handle_unknown='ignore', sparse_output=False), list(range(len(num), len(num)+len(cat))))]), HistGradientBoostingClassifier(random_state=0))
sets = [('real', train)] + [('real + ' + p.split('rebalanced-')[1][:-4] + ' y=50%', train + load(p)) for p in sys.argv[3:]]
print('training rows                      model      yes share  recall  precision')
for name, rows in sets:
    X, y = xy(rows)
    for kind in ['logistic', 'boosting']:
        m = model(kind).fit(X, y)
        pred = m.predict(Xt)
        print(f"{name:34s} {kind:9s}  {y.mean():.3f}     {recall_score(yt, pred):.3f}   {precision_score(yt, pred):.3f}")
`;
writeFileSync(join(dir, 'utility.py'), py);
console.log(`\nUtility on ${split.holdout.rowCount} real held-out rows (y = "yes" is the positive class):`);
console.log(
  execFileSync(
    '/usr/bin/python3',
    [join(dir, 'utility.py'), join(dir, 'train.csv'), join(dir, 'test.csv'), ...utilityFiles],
    {
      encoding: 'utf8',
    },
  ),
);
