#!/usr/bin/env python3
"""Makes the JSON fixtures that the drift tests (io.driftline.models.drift.*Test) check the Java statistics against.

Every expected value comes from scipy.stats / scipy.spatial / numpy on the same inputs that the fixture stores;
the conventions that are Driftline's own (bins, the out-of-range and unseen buckets, the PSI epsilon, the
chi-square expected-count floor) are written out here in numpy, step by step, next to the scipy call that judges
the result. Deterministic: fixed seeds, so running it again rewrites the same files.

    python3 make_fixtures.py            # writes *.json beside this script
Made with numpy 2.4 and scipy 1.17 (recorded in each file).
"""
import json
import math
import os

import numpy as np
import scipy
from scipy import stats
from scipy.spatial import distance

HERE = os.path.dirname(os.path.abspath(__file__))
VERSIONS = {"numpy": np.__version__, "scipy": scipy.__version__}

PSI_EPSILON = 1e-4      # Psi.EPSILON: fractions below it count as it
MIN_EXPECTED = 0.5      # ChiSquare.DEFAULT_MIN_EXPECTED: floor on expected counts
UNSEEN = "__unseen__"   # ProfileBuilder.UNSEEN


def write(name, cases, **extra):
    payload = {"generator": "make_fixtures.py", "versions": VERSIONS, **extra, "cases": cases}
    with open(os.path.join(HERE, name), "w") as out:
        json.dump(payload, out, indent=1)
        out.write("\n")


def values(array, decimals=4):
    """Rounded, so that the JSON holds exactly the numbers scipy saw."""
    return [float(v) for v in np.round(np.asarray(array, dtype=float), decimals)]


# ---------------------------------------------------------------- numeric bins: PSI and Jensen-Shannon

def quantile_edges(sorted_values, bins):
    """Bins.quantileEdges: edge k has ceil(k n / bins) values below it; duplicates and the minimum dropped."""
    n = len(sorted_values)
    edges = []
    for k in range(1, bins):
        below = math.ceil(k * n / bins)
        edge = sorted_values[min(below, n - 1)]
        if edge > sorted_values[0] and (not edges or edge > edges[-1]):
            edges.append(edge)
    return edges


def bucket_counts(edges, low, high, window):
    """ReferenceFeature.bucket: the reference bin (right-closed edges), or the last bucket when out of [min, max]."""
    counts = np.zeros(len(edges) + 2, dtype=np.int64)
    for x in window:
        if x < low or x > high:
            counts[-1] += 1
        else:
            counts[np.searchsorted(edges, x, side="right")] += 1
    return counts


def psi(reference_fractions, window_fractions):
    r = np.maximum(np.asarray(reference_fractions, dtype=float), PSI_EPSILON)
    w = np.maximum(np.asarray(window_fractions, dtype=float), PSI_EPSILON)
    return float(np.sum((w - r) * np.log(w / r)))


def numeric_bin_cases(rng):
    cases = []

    def case(name, reference, window, bins=10, keep_window=False):
        reference = np.round(reference, 4)
        window = np.round(window, 4)
        ordered = np.sort(reference)
        edges = quantile_edges(ordered, bins)
        fractions = np.bincount(np.searchsorted(edges, reference, side="right"), minlength=len(edges) + 1)
        fractions = fractions / len(reference)
        counts = bucket_counts(edges, ordered[0], ordered[-1], window)
        reference_ext = np.append(fractions, 0.0)
        entry = {
            "name": name,
            "edges": [float(e) for e in edges],
            "min": float(ordered[0]),
            "max": float(ordered[-1]),
            "referenceFractions": [float(f) for f in fractions],
            "windowCounts": [int(c) for c in counts],
            "psi": psi(reference_ext, counts / counts.sum()),
            "jsDistance": float(distance.jensenshannon(reference_ext, counts, base=2)),
        }
        if keep_window:
            entry["windowValues"] = values(window)
        cases.append(entry)

    base = rng.normal(0, 1, 5000)
    case("no shift", base, rng.normal(0, 1, 2000))
    case("small shift, a quarter of a standard deviation", base, rng.normal(0.25, 1, 2000))
    case("large shift, many values out of range", base, rng.normal(3, 1, 2000))
    case("spread grows", base, rng.normal(0, 2, 2000))
    case("window in two bins, the others empty", base, rng.uniform(-0.05, 0.3, 500))
    case("small window", base, rng.normal(0.1, 1, 60), keep_window=True)
    case("twenty bins", rng.exponential(2, 4000), rng.exponential(2.5, 3000), bins=20)
    discrete = rng.poisson(2, 3000).astype(float)
    case("discrete values share edges (ties)", discrete, rng.poisson(2.4, 1000).astype(float),
         keep_window=True)
    case("every window value equals the reference maximum", base, np.full(100, np.round(base, 4).max()))
    flags = (rng.random(2000) < 0.3).astype(float)
    case("binary feature", flags, (rng.random(800) < 0.45).astype(float))
    return cases


# ---------------------------------------------------------------- two samples: KS and Wasserstein

def two_sample_cases(rng):
    cases = []

    def case(name, reference, window):
        a = np.array(values(reference))
        b = np.array(values(window))
        ks = stats.ks_2samp(a, b, method="asymp")
        cases.append({
            "name": name,
            "reference": [float(v) for v in a],
            "window": [float(v) for v in b],
            "ksStatistic": float(ks.statistic),
            "ksPValue": float(ks.pvalue),
            "wasserstein": float(stats.wasserstein_distance(a, b)),
            "referenceStd": float(np.std(a)),
        })

    # Small enough that a KLL sketch with k = 200 keeps every value: sketch results are exact.
    case("exact sketches, no shift", rng.normal(0, 1, 150), rng.normal(0, 1, 120))
    case("exact sketches, small shift", rng.normal(0, 1, 180), rng.normal(0.3, 1, 200))
    case("exact sketches, ties", rng.poisson(3, 190), rng.poisson(3.5, 170))
    case("exact sketches, identical samples", np.arange(50) / 7, np.arange(50) / 7)
    # Larger: the sketches estimate.
    case("no shift", rng.normal(0, 1, 4000), rng.normal(0, 1, 2000))
    case("small shift, a quarter of a standard deviation", rng.normal(0, 1, 4000), rng.normal(0.25, 1, 2000))
    case("large shift", rng.normal(0, 1, 4000), rng.normal(1, 1.5, 2000))
    case("spread doubles", rng.normal(0, 1, 3000), rng.normal(0, 2, 3000))
    case("skewed, different sizes", rng.lognormal(0, 1, 5000), rng.lognormal(0.1, 1, 300))
    case("ties from rounding", np.round(rng.normal(0, 1, 3000), 1), np.round(rng.normal(0.1, 1, 2500), 1))
    case("binary values", (rng.random(3000) < 0.3).astype(float), (rng.random(2000) < 0.35).astype(float))
    return cases


def kstwo_grid():
    """scipy.stats.kstwo.sf over every regime of scipy's _kolmogn: the KS p-value's distribution function."""
    cases = []
    sizes = [1, 2, 3, 5, 10, 20, 50, 100, 139, 140, 141, 200, 500, 1000, 2000, 5000, 10000, 50000,
             100000, 100001, 200000, 1000000, 2000000]
    for n in sizes:
        xs = set()
        for t in (0.4, 0.6, 0.75, 1.0):          # n x <= 1: Ruben-Gambino
            xs.add(t / n)
        for nx2 in (0.05, 0.3, 0.7, 0.75, 1.0, 1.5, 2.0, 2.19, 2.21, 3.0, 4.0, 4.5, 8.0, 18.0, 50.0, 300.0, 369.0,
                    371.0):
            xs.add(math.sqrt(nx2 / n))
        for x in (0.3, 0.5, 0.7, 0.9, 1 - 1.0 / n, 1 - 0.5 / n):
            xs.add(x)
        for x in sorted(xs):
            if 0 < x < 1:
                cases.append({"n": n, "x": x, "sf": float(stats.kstwo.sf(x, n))})
    return cases


def ks_pvalue_cases():
    """ks_2samp's asymptotic p-value from (D, n, m) alone: kstwo.sf(D, round(n m / (n + m)))."""
    cases = []
    for n, m in [(1, 2), (3, 2), (30, 20), (100, 101), (200, 3000), (2000, 100000), (5000, 5000), (10, 1000000)]:
        en = n * m / (n + m)
        for z in (0.2, 0.5, 1.0, 1.36, 1.63, 2.5, 4.0, 10.0):
            d = min(z / math.sqrt(en), 0.999)
            m_, n_ = sorted([float(n), float(m)], reverse=True)
            cases.append({"n": n, "m": m, "d": d, "pValue": float(np.clip(stats.kstwo.sf(d, np.round(m_ * n_ / (m_ + n_))), 0, 1))})
    return cases


# ---------------------------------------------------------------- categories: chi-square and PSI

def categorical_cases(rng):
    cases = []

    def case(name, reference, window_counts):
        names = list(reference.keys())
        if UNSEEN not in reference:
            names.append(UNSEEN)
        ref = np.array([reference.get(c, 0.0) for c in names])
        observed = np.zeros(len(names), dtype=np.int64)
        for category, count in window_counts.items():
            observed[names.index(category) if category in names else names.index(UNSEEN)] += count
        n = observed.sum()
        # Chi-square: buckets that the reference or the window holds; expected counts floored, then rescaled.
        keep = (ref > 0) | (observed > 0)
        expected = np.maximum(n * ref[keep], MIN_EXPECTED)
        expected = expected * (n / expected.sum())
        test = stats.chisquare(observed[keep], expected)
        cases.append({
            "name": name,
            "referenceFrequencies": reference,
            "windowCounts": window_counts,
            "buckets": names,
            "observed": [int(o) for o in observed],
            "testedBuckets": [c for c, k in zip(names, keep) if k],
            "expected": [float(e) for e in expected],
            "chiSquare": float(test.statistic),
            "degreesOfFreedom": int(keep.sum() - 1),
            "pValue": None if keep.sum() < 2 else float(test.pvalue),  # no test with one bucket
            "psi": psi(ref, observed / n),
        })

    def draw(frequencies, n, names=None):
        names = names or list(frequencies.keys())
        p = np.array([frequencies[c] for c in names], dtype=float)
        counts = rng.multinomial(n, p / p.sum())
        return {c: int(k) for c, k in zip(names, counts)}

    mix = {"grocery": 0.5, "fuel": 0.3, "travel": 0.15, "online": 0.05}
    case("no shift", mix, draw(mix, 2000))
    case("small shift", mix, draw({"grocery": 0.46, "fuel": 0.32, "travel": 0.16, "online": 0.06}, 2000))
    case("large shift", mix, draw({"grocery": 0.2, "fuel": 0.2, "travel": 0.2, "online": 0.4}, 2000))
    case("unseen categories go to the unseen bucket", mix,
         {**draw(mix, 1990), "casino": 7, "crypto": 3})
    with_unseen = {"a": 0.6, "b": 0.3, "never": 0.0, UNSEEN: 0.1}
    case("reference with an unseen share and a never-seen category", with_unseen,
         {"a": 150, "b": 100, "never": 4, UNSEEN: 30, "z": 16})
    case("a rare reference category gets the expected-count floor", {"x": 0.99999, "y": 0.00001},
         {"x": 295, "y": 5})
    case("categories missing from the window", mix, {"grocery": 700, "fuel": 300})
    case("small window", mix, draw(mix, 40))
    case("one category only", {"only": 1.0}, {"only": 500})
    return cases


# ---------------------------------------------------------------- missing-value rate

def missing_rate_cases():
    cases = []
    for name, ref_fraction, ref_size, missing, size in [
        ("no change", 0.05, 10000, 100, 2000),
        ("small rise", 0.05, 10000, 130, 2000),
        ("large rise", 0.05, 10000, 400, 2000),
        ("drop to none", 0.02, 5000, 0, 1500),
        ("none before, some now", 0.0, 5000, 10, 1000),
        ("none anywhere", 0.0, 5000, 0, 1000),
        ("all missing everywhere", 1.0, 100, 50, 50),
        ("small samples", 0.1, 200, 9, 60),
    ]:
        x1 = ref_fraction * ref_size
        p1 = ref_fraction
        p2 = missing / size
        pooled = (x1 + missing) / (ref_size + size)
        se = math.sqrt(pooled * (1 - pooled) * (1 / ref_size + 1 / size))
        z = (p2 - p1) / se if se > 0 else 0.0
        p = float(2 * stats.norm.sf(abs(z))) if se > 0 else 1.0
        cases.append({"name": name, "referenceMissingFraction": ref_fraction, "referenceSize": ref_size,
                      "windowMissing": missing, "windowSize": size, "difference": p2 - p1, "z": z, "pValue": p})
    return cases


# ---------------------------------------------------------------- multiple testing

def holm(p):
    p = np.asarray(p, dtype=float)
    order = np.argsort(p, kind="stable")
    m = len(p)
    stepped = np.maximum.accumulate((m - np.arange(m)) * p[order])
    adjusted = np.empty(m)
    adjusted[order] = np.minimum(stepped, 1.0)
    return adjusted


def multiple_testing_cases(rng):
    families = [
        ("one test", [0.004]),
        ("textbook example", [0.01, 0.04, 0.03, 0.005]),
        ("ties", [0.02, 0.02, 0.001, 0.5]),
        ("zeros and ones", [0.0, 1.0, 0.3, 1e-12]),
        ("twenty null features", list(rng.random(20))),
        ("one strong signal among forty", list(np.append(rng.random(39), 1e-6))),
    ]
    cases = []
    for name, p in families:
        p = [float(v) for v in p]
        for alpha in (0.01, 0.05):
            bonferroni = np.minimum(np.asarray(p) * len(p), 1.0)
            holm_adjusted = holm(p)
            cases.append({"name": name, "alpha": alpha, "pValues": p,
                          "bonferroni": [float(v) for v in bonferroni],
                          "bonferroniRejects": [bool(v < alpha) for v in bonferroni],
                          "holm": [float(v) for v in holm_adjusted],
                          "holmRejects": [bool(v < alpha) for v in holm_adjusted]})
    return cases


def performance_cases(rng):
    """Classifier performance on labelled predictions: accuracy and log-loss in numpy (scikit-learn's
    conventions: probabilities clipped to [1e-15, 1 - 1e-15]), AUC as the Mann-Whitney U statistic of the positives'
    scores against the negatives' over their product (scipy.stats.mannwhitneyu, ties counted half). Sizes up to
    the KLL sketch's K (200) per class, where the sketches hold every score and Driftline's AUC is exact; larger
    ones check the sketch's error bound."""
    cases = []
    shapes = [
        ("separable", 80, 120, 2.0, 0),
        ("weak signal", 150, 150, 0.3, 0),
        ("no signal", 100, 100, 0.0, 0),
        ("ties on a coarse grid", 60, 140, 0.8, 1),
        ("rare positives, large", 300, 5000, 1.5, 0),
    ]
    for name, positives, negatives, separation, decimals in shapes:
        pos = 1 / (1 + np.exp(-(rng.normal(separation, 1.0, positives))))
        neg = 1 / (1 + np.exp(-(rng.normal(-separation, 1.0, negatives))))
        if decimals:
            pos = np.round(pos, decimals)
            neg = np.round(neg, decimals)
        scores = np.concatenate([pos, neg])
        truth = np.concatenate([np.ones(positives, dtype=bool), np.zeros(negatives, dtype=bool)])
        order = rng.permutation(len(scores))
        scores, truth = np.round(scores[order], 6), truth[order]
        predicted = scores > 0.5
        p_true = np.clip(np.where(truth, scores, 1 - scores), 1e-15, 1 - 1e-15)
        u = stats.mannwhitneyu(scores[truth], scores[~truth], alternative="two-sided").statistic
        cases.append({"name": name, "scores": [float(v) for v in scores], "positive": [bool(v) for v in truth],
                      "accuracy": float(np.mean(predicted == truth)),
                      "logLoss": float(-np.mean(np.log(p_true))),
                      "auc": float(u / (positives * negatives)),
                      "exact": bool(positives <= 200 and negatives <= 200)})
    return cases


def main():
    rng = np.random.default_rng(20261123)
    write("numeric_bins.json", numeric_bin_cases(rng), psiEpsilon=PSI_EPSILON)
    write("two_sample.json", two_sample_cases(rng))
    write("kstwo_sf.json", kstwo_grid())
    write("ks_pvalue.json", ks_pvalue_cases())
    write("categorical.json", categorical_cases(rng), minExpected=MIN_EXPECTED, psiEpsilon=PSI_EPSILON)
    write("missing_rate.json", missing_rate_cases())
    write("multiple_testing.json", multiple_testing_cases(rng))
    write("performance.json", performance_cases(np.random.default_rng(20261124)))


if __name__ == "__main__":
    main()
