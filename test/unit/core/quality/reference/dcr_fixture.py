"""Reference value for the DCR share test in test/unit/core/quality/privacy.test.ts, computed with
the nearest-record code and the share formula of ../shared/tools/judge.py (numpy only; ties
counted as our definition counts them, see the last line):

  /usr/bin/python3 test/unit/core/quality/reference/dcr_fixture.py

From test/fixtures/adult-2000.csv, columns age, fnlwgt, hours-per-week, sex, race, relationship:
training rows 0-1199, holdout rows 1200-1599; synthetic rows: training rows 0-399 with age and
hours-per-week one higher (capped at the training maximum), then rows 1600-1999 as they are (fresh
real rows).
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.environ.get("SYNTH_TOOLS", "/work/shared/tools"))
import judge  # noqa: E402

here = os.path.dirname(os.path.abspath(__file__))
header, cols, n = judge.read_csv(os.path.join(here, "..", "..", "..", "..", "fixtures", "adult-2000.csv"))
use = ["age", "fnlwgt", "hours-per-week", "sex", "race", "relationship"]
part = lambda rows: {h: [cols[h][i] for i in rows] for h in use}  # noqa: E731
train, hold = part(range(0, 1200)), part(range(1200, 1600))
kinds = {h: judge.infer_kind(train[h]) for h in use}
top = {h: max(float(v) for v in train[h]) for h in ["age", "hours-per-week"]}
near = part(range(0, 400))
for h in ["age", "hours-per-week"]:
    near[h] = [str(int(min(float(v) + 1, top[h]))) for v in near[h]]
fresh = part(range(1600, 2000))
synth = {h: near[h] + fresh[h] for h in use}
stats = {}
for h in use:
    if kinds[h] != "categorical":
        x = judge.to_numbers(train[h], kinds[h])
        stats[h] = (float(np.nanmin(x)), float(np.nanmax(x)))
Xt, Ct = judge.encode_rows(use, kinds, train, stats)
Xh, Ch = judge.encode_rows(use, kinds, hold, stats)
Xs, Cs = judge.encode_rows(use, kinds, synth, stats)
dt, dh = judge.nearest(Xs, Cs, Xt, Ct), judge.nearest(Xs, Cs, Xh, Ch)
ties = int(np.sum(dt == dh))
p = float(np.mean(dt < dh) + 0.5 * np.mean(dt == dh))
odds = (p / (1 - p)) / (1200 / 400)
print({"kinds": kinds, "ties": ties, "closer_to_train": p, "dcr_share": odds / (1 + odds)})
# Ours counts a tie as the fresh-data rate q = 1200 / 1600 instead of 1/2 (privacy.ts dcrShare).
q = 1200 / 1600
pq = float(np.mean(dt < dh) + q * np.mean(dt == dh))
print({"dcr_share_ties_at_q": pq * (1 - q) / (pq * (1 - q) + (1 - pq) * q)})
# The fresh rows alone: the share fresh data gets.
p2 = float(np.mean(dt[400:] < dh[400:]) + 0.5 * np.mean(dt[400:] == dh[400:]))
odds2 = (p2 / (1 - p2)) / 3
print({"fresh_only_dcr_share": odds2 / (1 + odds2)})
