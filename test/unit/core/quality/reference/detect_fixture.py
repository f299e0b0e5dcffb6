"""Reference values for test/unit/core/quality/detection.test.ts, computed with XGBoost through
../shared/tools/detect.py (Debian's python3-xgboost 1.7.4, python3-sklearn 1.2.1):

  /usr/bin/python3 test/unit/core/quality/reference/detect_fixture.py

1. test/fixtures/adult-2000.csv against itself.
2. adult-2000.csv against a copy whose `education-num` column is rotated by 1,000 rows (row i gets
   row (i + 1000) mod 2000's value): the same marginals, the link to `education` (one number per
   education level) broken.
3. A one-round, depth-1 XGBoost model on eight rows with one missing value: its margins.
4. sklearn's roc_auc_score on scores with ties.
"""
import json
import os
import sys

import numpy as np
from sklearn.metrics import roc_auc_score
from xgboost import XGBClassifier

sys.path.insert(0, os.environ.get("SYNTH_TOOLS", "/work/shared/tools"))
import detect  # noqa: E402
import judge  # noqa: E402

here = os.path.dirname(os.path.abspath(__file__))
path = os.path.join(here, "..", "..", "..", "..", "fixtures", "adult-2000.csv")
header, real, _ = judge.read_csv(path)
kinds = {h: judge.infer_kind(real[h]) for h in header}
rotated = dict(real)
col = real["education-num"]
rotated["education-num"] = col[1000:] + col[:1000]
out = {}
for name, synth in [("itself", real), ("rotated", rotated)]:
    Xr, Xs = detect.features(header, kinds, real, synth)
    score, auc = detect.detection(Xr, Xs)
    out[name] = {"detection": score, "auc": auc}

X = np.array([[1.0], [2.0], [3.0], [np.nan], [5.0], [6.0], [7.0], [8.0]])
y = np.array([0, 0, 0, 1, 1, 1, 1, 0])
clf = XGBClassifier(n_estimators=1, max_depth=1, tree_method="hist", eval_metric="logloss", base_score=0.5)
clf.fit(X, y)
out["stump_margins"] = clf.predict(X, output_margin=True).tolist()
out["stump_dump"] = clf.get_booster().get_dump(with_stats=True)

yt = [1, 0, 1, 1, 0, 0, 1, 0, 1, 0]
st = [0.9, 0.1, 0.4, 0.4, 0.35, 0.8, 0.7, 0.4, 0.4, 0.05]
out["roc_auc"] = roc_auc_score(yt, st)
print(json.dumps(out, indent=1))
