# Reference figures for drift.test.ts: python3 packages/ml/src/drift/reference.py (numpy 2.4, scipy 1.17).
# Samples come from MINSTD (x = 48271 x mod 2^31-1), which drift.test.ts regenerates exactly.
import json
import numpy as np
from scipy import stats
from scipy.spatial import distance

def minstd(seed, n):
    out, x = [], seed
    for _ in range(n):
        x = (48271 * x) % 2147483647
        out.append(x / 2147483647)
    return np.array(out)

def binned(ref, cur, numeric):
    if numeric and len(np.unique(ref)) > 20:
        edges = np.histogram_bin_edges(np.concatenate([ref, cur]), bins='sturges')
        r = np.histogram(ref, edges)[0] / len(ref)
        c = np.histogram(cur, edges)[0] / len(cur)
    else:
        keys = list(dict.fromkeys(list(cur) + list(ref)))
        r = np.array([np.sum(ref == k) for k in keys]) / len(ref)
        c = np.array([np.sum(cur == k) for k in keys]) / len(cur)
    for a in (r, c):
        m = a[a != 0].min()
        np.place(a, a == 0, m / 1e6 if m <= 0.0001 else 0.0001)
    return r, c

def psi(r, c):
    return float(np.sum((r - c) * np.log(r / c)))

out = {}
a = np.round(minstd(7, 40) * 100, 1); b = np.round(minstd(11, 55) * 100 + 12, 1)
ks = stats.ks_2samp(a, b, method='exact')
out['ks_unequal'] = [float(ks.statistic), float(ks.pvalue)]
a2 = np.floor(minstd(3, 30) * 10); b2 = np.floor(minstd(5, 30) * 10)
ks = stats.ks_2samp(a2, b2, method='exact')
out['ks_ties_equal'] = [float(ks.statistic), float(ks.pvalue)]
a3 = minstd(13, 300); b3 = minstd(17, 250) ** 1.3
ks = stats.ks_2samp(a3, b3, method='exact')
out['ks_300_250'] = [float(ks.statistic), float(ks.pvalue)]
r, c = binned(a3, b3, True)
out['ks_300_250_psi'] = psi(r, c)
obs = [30, 14, 34, 45, 57, 20]; exp = [20, 20, 30, 40, 60, 30]
ch = stats.chisquare(obs, exp)
out['chisquare'] = [float(ch.statistic), float(ch.pvalue)]
z1, n1, z2, n2 = 120, 400, 160, 420
p1, p2, P = z1 / n1, z2 / n2, (z1 + z2) / (n1 + n2)
z = (p1 - p2) / np.sqrt(P * (1 - P) * (1 / n1 + 1 / n2))
out['ztest'] = [float(z), float(2 * stats.norm.sf(abs(z)))]
big_r = minstd(19, 3000) * 50; big_c = minstd(23, 2500) * 55 + 3
w = stats.wasserstein_distance(big_r, big_c) / max(np.std(big_r), 0.001)
r, c = binned(big_r, big_c, True)
out['wasserstein_normed'] = float(w)
out['wasserstein_psi'] = psi(r, c)
cats = np.array(['a', 'b', 'c', 'd'])
cr = cats[np.floor(minstd(29, 2000) ** 1.5 * 4).astype(int)]
cc = cats[np.floor(minstd(31, 1800) * 4).astype(int)]
r, c = binned(cr, cc, False)
out['js'] = float(distance.jensenshannon(r, c))
out['js_psi'] = psi(r, c)
print(json.dumps(out, indent=1))
