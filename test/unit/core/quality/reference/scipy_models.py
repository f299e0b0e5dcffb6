# Reference values for the linear models and pMSE in test/unit/core/quality/*.test.ts, computed once by
# hand with NumPy 2.4.6 and SciPy 1.17.1 (python3 scipy_models.py): the same penalised objectives
# minimised by scipy.optimize (BFGS) or numpy.linalg.solve. CI never runs this.
import numpy as np
from scipy import optimize
np.set_printoptions(precision=17, linewidth=200)
x = np.array([0.5, 1.2, 2.3, 3.1, 0.7, 2.8, 1.9, 3.5, 0.2, 2.2, 1.1, 2.9])
c = ['a','b','a','c','b','c','a','c','b','a','c','b']
y = np.array([0,0,1,1,0,1,0,1,0,1,1,0])
n = len(x)
z = (x - x.mean())/x.std()   # population std
levels = ['a','b','c']
X = np.column_stack([np.ones(n), z] + [[1.0 if ci==l else 0.0 for ci in c] for l in levels])
lam = 1/n
def obj(w):
    s = X@w
    loss = np.mean(np.logaddexp(0, s) - y*s)
    return loss + lam/2*np.sum(w[1:]**2)
def grad(w):
    s = X@w; p = 1/(1+np.exp(-s))
    g = X.T@(p-y)/n; g[1:] += lam*w[1:]; return g
r = optimize.minimize(obj, np.zeros(X.shape[1]), jac=grad, method='BFGS', options={'gtol':1e-12})
p = 1/(1+np.exp(-(X@r.x)))
print('logistic proba', [float(v) for v in p])
print('logistic objective', float(r.fun))
# one-vs-rest logistic regression, 3 classes: one binary fit per class (same objective), then
# the sigmoids normalised to sum to 1
y3 = np.array([0,1,2,2,1,2,0,2,1,0,1,0])
S = []
for k in range(3):
    yk = (y3 == k).astype(float)
    def objk(w):
        s = X@w
        return np.mean(np.logaddexp(0, s) - yk*s) + lam/2*np.sum(w[1:]**2)
    rk = optimize.minimize(objk, np.zeros(X.shape[1]), method='BFGS', options={'gtol':1e-12})
    S.append(1/(1+np.exp(-(X@rk.x))))
P = np.column_stack(S); P = P / P.sum(axis=1, keepdims=True)
print('ovr proba row0..2', [[float(v) for v in row] for row in P[:3]])
# ridge
yr = np.array([3.0, 4.1, 6.2, 8.0, 3.9, 7.5, 5.0, 9.1, 2.2, 6.0, 4.8, 6.9])
t = (yr - yr.mean())/yr.std()
A = X.T@X/n + lam*np.diag([0,1,1,1,1])
w = np.linalg.solve(A, X.T@t/n)
pred = X@w*yr.std() + yr.mean()
print('ridge pred', [float(v) for v in pred])
# pMSE: real = first 7 rows, synthetic = last 5 rows? use distinct level frequencies
xr = np.array([0.5, 1.2, 2.3, 3.1, 0.7, 2.8, 1.9]); cr = ['a','a','b','a','c','b','a']
xs = np.array([3.5, 0.2, 2.2, 1.1, 2.9, 1.4]); cs = ['b','a','c','a','b','c']
xx = np.concatenate([xr, xs]); cc = cr + cs; N = len(xx)
lab = np.array([0]*len(xr) + [1]*len(xs))
zz = (xx - xx.mean())/xx.std()
# frequencies: a:5, b:4, c:3 -> reference a
Xp = np.column_stack([np.ones(N), zz, [1.0 if v=='b' else 0.0 for v in cc], [1.0 if v=='c' else 0.0 for v in cc]])
lamp = 1/N
def objp(w):
    s = Xp@w; return np.mean(np.logaddexp(0, s) - lab*s) + lamp/2*np.sum(w[1:]**2)
rp = optimize.minimize(objp, np.zeros(4), method='BFGS', options={'gtol':1e-12})
pp = 1/(1+np.exp(-(Xp@rp.x)))
cshare = len(xs)/N
pmse = np.mean((pp - cshare)**2)
k = 4
null = (k-1)*(1-cshare)**2*cshare/N
print('pmse', float(pmse), 'null', float(null), 'spmse', float(pmse/null), 'c', cshare)
from scipy import stats
print('pmse auc', float(stats.mannwhitneyu(pp[lab==1], pp[lab==0]).statistic/(6*7)))
