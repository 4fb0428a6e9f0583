"""numpy side of the metrics benchmark: the same work as MetricsBenchmark.java, written the
way numpy is meant to be used (vectorised, matrix products for the layer matrices).
Usage: metrics_numpy.py DATA_DIR REPETITIONS  ->  one JSON object on stdout."""
import json
import sys
import time

import numpy as np

data, reps = sys.argv[1], int(sys.argv[2])
shapes = json.load(open(f"{data}/shapes.json"))
raw = {name: open(f"{data}/{name}.bf16", "rb").read() for name in shapes}


def decode32(name):
    u = np.frombuffer(raw[name], dtype="<u2").astype(np.uint32) << 16
    return u.view(np.float32).reshape(shapes[name])


def decode(name):
    # the metrics below are numpy array operations: they need float64 arrays to agree with
    # float64 sums to 1e-9 (float32 reductions accumulate in float32)
    return decode32(name).astype(np.float64)


def pair_metrics(a, b):
    a, b = a.ravel(), b.ravel()
    d = a - b
    ac, bc = a - a.mean(), b - b.mean()
    return [
        float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b))),
        float(ac @ bc / (np.linalg.norm(ac) * np.linalg.norm(bc))),
        float(np.abs(d).mean()),
        float(np.sqrt((d * d).mean())),
        float(np.abs(d).max()),
        float(np.linalg.norm(d) / np.linalg.norm(a)),
    ]


def row_cosines(a, b):
    return (a * b).sum(1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


def layer_matrices(a, b):
    an = a / np.linalg.norm(a, axis=1, keepdims=True)
    bn = b / np.linalg.norm(b, axis=1, keepdims=True)
    ac = a - a.mean(1, keepdims=True)
    bc = b - b.mean(1, keepdims=True)
    acn = ac / np.linalg.norm(ac, axis=1, keepdims=True)
    bcn = bc / np.linalg.norm(bc, axis=1, keepdims=True)
    diff = a[:, None, :] - b[None, :, :]
    mad = np.abs(diff).mean(-1)
    rel = np.sqrt((diff * diff).sum(-1)) / np.linalg.norm(a, axis=1)[:, None]
    return an @ bn.T, acn @ bcn.T, mad, rel


def suite():
    t = {}
    s = time.perf_counter()
    x = {name: decode(name) for name in shapes}
    t["decode"] = time.perf_counter() - s
    s = time.perf_counter()
    pm = pair_metrics(x["k_proj_a"], x["k_proj_b"])
    t["k_proj pair metrics"] = time.perf_counter() - s
    s = time.perf_counter()
    rc = row_cosines(x["router_a"], x["router_b"])
    t["router row cosines"] = time.perf_counter() - s
    s = time.perf_counter()
    lm = layer_matrices(x["norms_a"], x["norms_b"])
    t["layer matrices"] = time.perf_counter() - s
    check = pm + [float(rc.sum())] + [float(m.sum()) for m in lm]
    s = time.perf_counter()
    x32 = {name: decode32(name) for name in shapes}
    t32 = time.perf_counter() - s
    return t, check, t32


suite()  # warm-up
runs = [suite() for _ in range(reps)]
names = list(runs[0][0])
median = {n: float(np.median([r[0][n] for r in runs])) for n in names}
decode32_median = float(np.median([r[2] for r in runs]))
print(json.dumps({"numpy": np.__version__, "seconds": median, "check": runs[0][1], "decode_float32": decode32_median}))
