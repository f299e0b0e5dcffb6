# Reference values for test/unit/core/quality/*.test.ts, computed once by hand with NumPy 2.4.6 and
# SciPy 1.17.1 (python3 scipy_metrics.py). The tests hard-code the printed values; CI never runs this.
import numpy as np, scipy
from scipy import stats, special, optimize
from scipy.spatial.distance import jensenshannon
np.set_printoptions(precision=17)
print('numpy', np.__version__, 'scipy', scipy.__version__)
a = np.array([1,2,3,4,5,6,7,8,9,10], float)
b = np.array([2.5,3.5,4.5,11,12,13], float)
print('ks', repr(stats.ks_2samp(a,b).statistic))
print('ks ties', repr(stats.ks_2samp([1,1,2,2,3],[1,2,2,3,3,3]).statistic))
print('wasserstein', repr(stats.wasserstein_distance(a,b)), 'scaled', repr(stats.wasserstein_distance(a,b)/9))
print('wasserstein ties', repr(stats.wasserstein_distance([1,1,2,2,3],[1,2,2,3,3,3])))
print('js', repr(jensenshannon([10,20,30,40],[15,15,35,35], base=2)**2))
print('js disjoint', repr(jensenshannon([1,0],[0,1], base=2)**2))
r = stats.chi2_contingency([[10,20,30],[15,15,40]])
print('chi2 2x3', repr(r.statistic), repr(r.pvalue), r.dof)
print('cramer 2x3', repr(stats.contingency.association([[10,20,30],[15,15,40]], method='cramer')))
r = stats.chi2_contingency([[12,5],[7,14]])
print('chi2 2x2 yates', repr(r.statistic), repr(r.pvalue), r.dof)
print('cramer 2x2', repr(stats.contingency.association([[12,5],[7,14]], method='cramer')))
r = stats.chi2_contingency([[1000,2000,3000,500],[1100,1900,3050,450]])
print('chi2 2x4 big', repr(r.statistic), repr(r.pvalue), r.dof)
for x,k in [(0.5,1),(3.84,1),(10,4),(100,10),(1e-3,3),(250,3)]:
    print('chi2sf', x, k, repr(stats.chi2.sf(x,k)))
print('gammaincc', repr(special.gammaincc(2.5, 1.7)), repr(special.gammaincc(0.5, 8.0)))
print('gammaln', repr(special.gammaln(0.3)), repr(special.gammaln(7.5)), repr(special.gammaln(100.25)))
x = np.array([2.0, 4.5, 1.0, 7.0, 3.5, 9.0, 12.5, 4.0, 5.0, 30.0])
print('skew', repr(stats.skew(x, bias=False)), 'kurt', repr(stats.kurtosis(x, bias=False)))
print('quantiles', [repr(v) for v in np.quantile(x, [0.05,0.25,0.5,0.75,0.95])], 'std', repr(np.std(x, ddof=1)), 'mean', repr(np.mean(x)))
q1,q3 = np.quantile(x,[0.25,0.75]); print('fences', repr(q1-1.5*(q3-q1)), repr(q3+1.5*(q3-q1)))
y = np.array([1.0, 2.0, 1.5, 3.0, 2.5, 4.0, 5.0, 3.0, 4.5, 6.0])
print('pearson', repr(np.corrcoef(x,y)[0,1]))
# Mann-Whitney
X = [0.1, 0.2, 0.2, 0.5, 0.7]
Y = [0.2, 0.3, 0.6, 0.8]
print('P(X<Y)+ties/2', repr(stats.mannwhitneyu(Y, X).statistic/(len(X)*len(Y))))
# ROC AUC via mann-whitney: scores, labels
s = np.array([0.1,0.4,0.35,0.8,0.7,0.2,0.9,0.5,0.5,0.3]); l = np.array([0,0,1,1,1,0,1,0,1,0])
print('auc', repr(stats.mannwhitneyu(s[l==1], s[l==0]).statistic/(l.sum()*(len(l)-l.sum()))))
