"""How far the DCR share (src/core/quality/privacy.ts `dcrShare`) strays for data that memorises
nothing, the numbers docs/quality.md and docs/engine.md cite (numpy, pandas, scipy; judge.py's
distances: numbers scaled by the training range, categories 0 or 1, summed):

  /usr/bin/python3 test/unit/core/quality/reference/dcr_null.py

1. Fresh real rows as the "synthetic" table: rows of ../shared/datasets adult and diamonds drawn
   without replacement into training, holdout and fresh parts of a small table's sizes, 20 draws.
2. A model that learns only each column's empirical distribution and the true dependence: rows of
   a correlated normal population whose ranks are mapped onto the training columns' empirical
   quantiles (linear interpolation), against the same population's fresh rows, 30 draws.
"""
import os
import sys

import numpy as np
import pandas as pd
from scipy.stats import norm

sys.path.insert(0, os.environ.get("SYNTH_TOOLS", "/work/shared/tools"))
import judge  # noqa: E402

DATA = os.environ.get("SYNTH_DATA", "/work/shared/datasets")


def share(dt, dh, nt, nh):
    q = nt / (nt + nh)
    p = np.mean(dt < dh) + q * np.mean(dt == dh)
    return p * (1 - q) / (p * (1 - q) + (1 - p) * q)


def fresh_rows(name, nt, nh, ns, reps):
    full = pd.read_csv(os.path.join(DATA, name + ".csv"), dtype=str, keep_default_na=False)
    kinds = {h: judge.infer_kind(full[h].tolist()) for h in full.columns}
    header = [h for h in full.columns if kinds[h] != "text"]
    out = []
    for r in range(reps):
        d = full.sample(n=nt + nh + ns, random_state=100 + r)
        tr, ho, sy = [{h: part[h].tolist() for h in header} for part in (d.iloc[:nt], d.iloc[nt:nt + nh], d.iloc[nt + nh:])]
        stats = {}
        for h in header:
            if kinds[h] != "categorical":
                x = judge.to_numbers(tr[h], kinds[h])
                x = x[~np.isnan(x)]
                stats[h] = (float(x.min()), float(x.max())) if len(x) else (0.0, 1.0)
        enc = [judge.encode_rows(header, kinds, t, stats) for t in (tr, ho, sy)]
        (Xt, Ct), (Xh, Ch), (Xs, Cs) = enc
        out.append(share(judge.nearest(Xs, Cs, Xt, Ct), judge.nearest(Xs, Cs, Xh, Ch), nt, nh))
    return np.array(out)


def ecdf_model(d, nt, nh, reps, rng):
    C = 0.5 * np.ones((d, d)) + 0.5 * np.eye(d)
    out = {"fresh": [], "empirical marginals": []}
    for _ in range(reps):
        X = rng.multivariate_normal(np.zeros(d), C, size=nt + nh + nt)
        T, H, F = X[:nt], X[nt:nt + nh], X[nt + nh:]
        lo, hi = T.min(0), T.max(0)
        near = lambda A, B: np.abs((A[:, None, :] - B[None, :, :]) / (hi - lo)).sum(-1).min(1)  # noqa: E731
        G = np.column_stack([np.quantile(T[:, j], norm.cdf(F[:, j])) for j in range(d)])
        out["fresh"].append(share(near(F, T), near(F, H), nt, nh))
        out["empirical marginals"].append(share(near(G, T), near(G, H), nt, nh))
    return {k: np.array(v) for k, v in out.items()}


for name, nt, nh, ns in [("adult", 1408, 352, 1760), ("adult", 713, 178, 713), ("diamonds", 195, 49, 244)]:
    s = fresh_rows(name, nt, nh, ns, 20)
    print(f"fresh {name} rows, {nt} train / {nh} holdout: mean {s.mean():.3f} sd {s.std():.3f} max {s.max():.3f}")
rng = np.random.default_rng(0)
for d, nt, nh in [(13, 142, 36), (4, 195, 49), (6, 713, 178), (6, 1408, 352)]:
    r = ecdf_model(d, nt, nh, 30, rng)
    print(f"{d} columns, {nt} train / {nh} holdout: " + ", ".join(f"{k} {v.mean():.3f} (sd {v.std():.3f})" for k, v in r.items()))
