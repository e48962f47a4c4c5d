"""Held-out skewness of each class's most skewed direction, and how far each class stands from the others.

A measurement behind benchmarks/RESULTS-quality.md ("Session 13"): the delta-4 cells need a higher-moment test,
and this shows what such a test sees on Gaussian classes and on real post-ReLU activations. Per class: whiten the rows
with their own covariance (top 32 principal axes), split them in two halves at random, find skew-maximising
directions on one half (fixed point v <- mean((v.y)^2 y) from the top eigenvectors of sum |y|^2 y y^T and from
random starts), and measure the skewness of the other half's projections; z is that skewness over its Gaussian
standard error sqrt(6 / m), and the index is z's distance from the median class in MAD units.

Usage: python3 heldout_skewness.py SET.npz [...]   (X float n x d, y int labels, optional poison bool)
Needs numpy.
"""
import numpy as np, sys
def whiten(X, kmax=32):
    mu = X.mean(0); Xc = X - mu
    C = Xc.T @ Xc / len(X)
    w, V = np.linalg.eigh(C)
    order = np.argsort(w)[::-1]; w = w[order]; V = V[:, order]
    keep = w > w[0] * 1e-4
    k = min(kmax, keep.sum())
    return Xc @ V[:, :k] / np.sqrt(w[:k])
def skew_dirs(Y, rng, ndir=4, steps=30):
    # initial: top eigvecs of sum |y|^2 y y^T and random
    M = (Y * (Y**2).sum(1, keepdims=True)).T @ Y / len(Y)
    w, V = np.linalg.eigh(M)
    inits = [V[:, -i] for i in range(1, ndir+1)] + [rng.standard_normal(Y.shape[1]) for _ in range(ndir)]
    out = []
    for v in inits:
        v = v / np.linalg.norm(v)
        for _ in range(steps):
            p = Y @ v
            g = (p**2)[:, None] * Y
            v2 = g.mean(0)
            n2 = np.linalg.norm(v2)
            if n2 == 0: break
            v = v2 / n2
        p = Y @ v
        if ((p - p.mean())**3).mean() < 0: v = -v
        out.append(v)
    return out
def skew(p):
    p = p - p.mean(); s = p.std()
    return (p**3).mean() / s**3
def class_stat(X, seed=0, poison=None):
    rng = np.random.default_rng(seed)
    Y = whiten(X)
    half = rng.random(len(Y)) < 0.5
    best = (-1e9, None, None)
    for fit, test in ((half, ~half), (~half, half)):
        for v in skew_dirs(Y[fit], rng):
            s = skew(Y[test] @ v)
            z = s / np.sqrt(6.0 / test.sum())
            if z > best[0]: best = (z, v, s)
    z, v, s = best
    info = ''
    if poison is not None and poison.any():
        d = Y[poison].mean(0) - Y[~poison].mean(0)
        info = 'cos %.2f' % abs(d @ v / np.linalg.norm(d))
    return z, s, Y.shape[1], info
def run(path, layer_key=None):
    z = np.load(path)
    X = z['X'] if 'X' in z else z[list(z.keys())[0]]
    y = z['y']; poison = z['poison'] if 'poison' in z else None
    res = []
    for c in np.unique(y):
        m = y == c
        st = class_stat(X[m].astype(np.float64), seed=int(c), poison=poison[m] if poison is not None else None)
        res.append((c, m.sum(), st))
    zs = np.array([r[2][0] for r in res])
    med = np.median(zs); mad = 1.4826 * np.median(abs(zs - med))
    print(path, 'keys', list(z.keys()))
    for c, n, (zz, s, k, info) in res:
        print('  class %d n %d k %d heldout-skew %.3f z %.1f  index %.1f %s' % (c, n, k, s, zz, (zz - med) / mad, info))
for p in sys.argv[1:]: run(p)
