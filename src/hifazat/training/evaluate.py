"""The evaluation harness behind ``hifazat eval``: every set, every system, one markdown report."""

from __future__ import annotations

import resource
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from sklearn.metrics import f1_score, precision_recall_fscore_support

from hifazat.domain.detection.model import TYPE_HEADS, ModelScorer
from hifazat.domain.policy.categories import Category
from hifazat.training import datasets, splits
from hifazat.training.evasion import obfuscate
from hifazat.training.labels import HEAD_OF_LABEL, Example
from hifazat.training.normalization import normalize_text
from hifazat.training.train import TrainConfig, train

BoolArray = npt.NDArray[np.bool_]
#: A system: raw texts in, P(abusive or offensive) out.
System = Callable[[Sequence[str]], npt.NDArray[np.float64]]
NOT_HARM = {Category.SPAM_SCAM}


def model_system(scorer: ModelScorer) -> System:
    def run(texts: Sequence[str]) -> npt.NDArray[np.float64]:
        norm = [normalize_text(t) for t in texts]
        return np.asarray(scorer.offensive_batch(norm), dtype=np.float64)

    return run


def detector_system(scorer: ModelScorer | None) -> System | None:
    try:
        from hifazat.domain.detection.engine import DetectionEngine
        from hifazat.domain.detection.rules_detector import RulesDetector
    except ImportError:
        return None
    engine = DetectionEngine(RulesDetector(), scorer)

    def run(texts: Sequence[str]) -> npt.NDArray[np.float64]:
        out = []
        for s in engine.detect_batch(list(texts)):
            out.append(max((v for c, v in s.scores.items() if c not in NOT_HARM), default=0.0))
        return np.asarray(out, dtype=np.float64)

    return run


def profanity_check_system() -> System | None:
    try:
        from profanity_check import predict_prob
    except ImportError:
        return None

    def run(texts: Sequence[str]) -> npt.NDArray[np.float64]:
        return np.asarray(predict_prob(list(texts)), dtype=np.float64)

    return run


@dataclass(frozen=True)
class Binary:
    n: int
    precision: float
    recall: float
    macro_f1: float


def binary(y: BoolArray, p: npt.NDArray[np.float64], t: float = 0.5) -> Binary:
    pred = p >= t
    pr, rc, _f, _s = precision_recall_fscore_support(y, pred, average="binary", zero_division=0.0)
    return Binary(len(y), float(pr), float(rc), float(f1_score(y, pred, average="macro")))


def _labels(examples: Sequence[Example]) -> BoolArray:
    return np.array([e.offensive for e in examples], dtype=bool)


def held_out_sets(data: Path) -> dict[str, list[Example]]:
    trainable = datasets.load_trainable(data)
    test = [e for e in trainable if splits.is_test(e.text)]
    by: dict[str, list[Example]] = {}
    for e in test:
        by.setdefault(f"{e.dataset} (held-out 20 %)", []).append(e)
    trac = datasets.load_trac1_dev(data)
    by["olid test"] = datasets.load_olid_test(data)
    by["trac1 en dev"] = [e for e in trac if e.language == "en"]
    by["trac1 hi-Latn dev"] = [e for e in trac if e.language == "hi-Latn"]
    by["ethos binary"] = datasets.load_ethos(data)
    by["hatecheck (all)"] = datasets.load_hatecheck(data)
    return dict(sorted(by.items()))


def _fmt(b: Binary) -> str:
    return f"{b.precision:.3f} / {b.recall:.3f} / **{b.macro_f1:.3f}**"


def fine_report(scorer: ModelScorer, examples: Sequence[Example], title: str) -> list[str]:
    """Per-category F1 of the model: 'none' under 0.5, else the most likely type head."""
    rows = [e for e in examples if e.typed]
    if not rows:
        return []
    probs = scorer.head_probabilities([normalize_text(e.text) for e in rows])
    names = ["none", *TYPE_HEADS]
    pred = np.where(probs[:, 0] < 0.5, 0, 1 + probs[:, 1 : 1 + len(TYPE_HEADS)].argmax(axis=1))
    gold = []
    for e in rows:
        heads = {HEAD_OF_LABEL[lab] for lab in e.labels}
        first = next((h for h in ("hate", "harassment", "profanity") if h in heads), "none")
        gold.append(names.index(first))
    g = np.array(gold)
    present = sorted(set(g.tolist()))
    f1s = f1_score(g, pred, labels=present, average=None, zero_division=0.0)
    macro = float(np.mean(f1s))
    cells = ", ".join(f"{names[k]} {f:.3f}" for k, f in zip(present, f1s, strict=True))
    return [f"| {title} | {len(rows)} | {macro:.3f} | {cells} |"]


def akhter_cv(data: Path, log: Callable[[str], None]) -> Binary:
    """Akhter Urdu 5-fold CV: offensive head on (other sets' training split + 4 Akhter folds)."""
    rest = [
        e
        for e in datasets.load_trainable(data)
        if e.dataset != "urdu_abusive_akhter" and not splits.is_test(e.text)
    ]
    akhter = datasets.load_akhter(data)
    ys: list[bool] = []
    ps: list[float] = []
    cfg = TrainConfig()
    for k in range(splits.N_FOLDS):
        train_rows = rest + [e for e in akhter if splits.fold(e.text) != k]
        test_rows = [e for e in akhter if splits.fold(e.text) == k]
        tm = train(train_rows, cfg, calibrate=False, heads=("offensive",))
        ps.extend(tm.scorer.offensive_batch([normalize_text(e.text) for e in test_rows]))
        ys.extend(e.offensive for e in test_rows)
        log(f"akhter fold {k}: {len(test_rows)} rows")
    return binary(np.array(ys), np.array(ps))


def hatecheck_report(systems: dict[str, System], data: Path) -> list[str]:
    cases = datasets.load_hatecheck(data)
    by: dict[str, list[Example]] = {}
    for e in cases:
        by.setdefault(e.group, []).append(e)
    out = [
        "| functionality | n | expected | " + " | ".join(systems) + " |",
        "|---|---|---|" + "---|" * len(systems),
    ]
    preds = {name: sys([e.text for e in cases]) >= 0.5 for name, sys in systems.items()}
    index = {id(e): i for i, e in enumerate(cases)}
    for func, rows in sorted(by.items()):
        y = _labels(rows)
        idx = [index[id(e)] for e in rows]
        expect = "flag" if y.all() else ("allow" if not y.any() else "mixed")
        accs = [f"{float(np.mean(preds[n][idx] == y)):.2f}" for n in systems]
        out.append(f"| {func} | {len(rows)} | {expect} | " + " | ".join(accs) + " |")
    return out


def evasion_report(systems: dict[str, System], sets: dict[str, list[Example]]) -> list[str]:
    out = [
        "| set | system | recall clean → obfuscated (Δ) | FP rate clean → obfuscated (Δ) |",
        "|---|---|---|---|",
    ]
    for name in ("ruhsold", "davidson", "urdu_abusive_akhter"):
        rows = next(v for k, v in sets.items() if k.startswith(name))
        y = _labels(rows)
        clean = [e.text for e in rows]
        obf = [obfuscate(t, i)[0] for i, t in enumerate(clean)]
        for sname, sys in systems.items():
            pc, po = sys(clean) >= 0.5, sys(obf) >= 0.5
            rc, ro = float(pc[y].mean()), float(po[y].mean())
            fc, fo = float(pc[~y].mean()), float(po[~y].mean())
            out.append(
                f"| {name} | {sname} | {rc:.3f} → {ro:.3f} ({100 * (ro - rc):+.1f} pt) | "
                f"{fc:.3f} → {fo:.3f} ({100 * (fo - fc):+.1f} pt) |"
            )
    return out


def speed_report(scorer: ModelScorer, texts: Sequence[str]) -> list[str]:
    batch = (list(texts) * (100_000 // max(len(texts), 1) + 1))[:100_000]
    out = ["| what | result |", "|---|---|"]
    norm = [normalize_text(t) for t in batch]
    t0 = time.perf_counter()
    scorer.score_batch(norm)
    dt = time.perf_counter() - t0
    out.append(f"| model alone, 100k normalised comments, batches | {len(batch) / dt:,.0f} /s |")
    try:
        from hifazat.domain.detection.engine import DetectionEngine
        from hifazat.domain.detection.rules_detector import RulesDetector
    except ImportError:
        return out
    engine = DetectionEngine(RulesDetector(), scorer)
    t0 = time.perf_counter()
    for lo in range(0, len(batch), 2000):
        engine.detect_batch(batch[lo : lo + 2000])
    dt = time.perf_counter() - t0
    out.append(f"| rules + model, 100k raw comments, batches of 2000 | {len(batch) / dt:,.0f} /s |")
    lat = []
    for t in batch[:2000]:
        t0 = time.perf_counter()
        engine.detect(t)
        lat.append(time.perf_counter() - t0)
    p50, p99 = np.percentile(lat, [50, 99]) * 1000
    out.append(f"| rules + model, one comment at a time | p50 {p50:.2f} ms, p99 {p99:.2f} ms |")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    label = "peak resident memory of the evaluation process (includes the CV training)"
    out.append(f"| {label} | {rss:.0f} MB |")
    return out


def evaluate(data: Path, scorer: ModelScorer, log: Callable[[str], None], cv: bool = True) -> str:
    systems: dict[str, System] = {"model": model_system(scorer)}
    det = detector_system(scorer)
    if det is not None:
        systems["rules + model"] = det
    pc = profanity_check_system()
    if pc is not None:
        systems["alt-profanity-check"] = pc
    sets = held_out_sets(data)
    lines = [
        "## Binary: abusive-or-offensive vs normal",
        "",
        "Precision / recall of the abusive class / **macro-F1**, threshold 0.5.",
        "",
        "| set | lang | n | " + " | ".join(systems) + " |",
        "|---|---|---|" + "---|" * len(systems),
    ]
    for name, rows in sets.items():
        if len({e.offensive for e in rows}) < 2:
            continue
        y = _labels(rows)
        texts = [e.text for e in rows]
        cells = [_fmt(binary(y, sys(texts))) for sys in systems.values()]
        langs = "/".join(sorted({e.language for e in rows}))
        lines.append(f"| {name} | {langs} | {len(rows)} | " + " | ".join(cells) + " |")
        log(f"evaluated {name}")
    if cv:
        b = akhter_cv(data, log)
        lines.append(
            f"| urdu_abusive_akhter 5-fold CV (offensive head, uncalibrated) | ur | {b.n} | "
            f"{_fmt(b)} | | |"
        )
    lines += [
        "",
        "## Per category (model)",
        "",
        "Gold type vs the model's most likely type head ('none' when P(offensive) < 0.5).",
        "",
        "| set | n | macro-F1 | per-category F1 |",
        "|---|---|---|---|",
    ]
    for key in ("ruhsold", "davidson", "toxigen_seeds", "inhouse"):
        for name, rows in sets.items():
            if name.startswith(key):
                lines += fine_report(scorer, rows, name)
    olid = sets["olid test"]
    lines += fine_report(scorer, olid, "olid test (IND→harassment, GRP→hate, else profanity)")
    lines += ["", "## Independent heads on the in-house set", ""]
    inhouse = datasets.load_inhouse()
    probs = scorer.head_probabilities([normalize_text(e.text) for e in inhouse])
    lines += ["| head | in-house rows | F1 (training rows included: optimistic) |", "|---|---|---|"]
    for j, head, lab in ((4, "threat", "threat"), (5, "sexual_harassment", "sexual")):
        y = np.array([any(x.value == lab for x in e.labels) for e in inhouse])
        f = f1_score(y, probs[:, j] >= 0.5)
        lines.append(f"| {head} | {len(inhouse)} | {f:.3f} |")
    lines += ["", "## HateCheck per functionality (accuracy against our expected label)", ""]
    lines += hatecheck_report(systems, data)
    lines += ["", "## Evasion suite (obfuscated copies of held-out rows)", ""]
    lines += evasion_report(systems, sets)
    lines += ["", "## Speed (one core)", ""]
    texts = [e.text for rows in sets.values() for e in rows]
    lines += speed_report(scorer, texts)
    return "\n".join(lines) + "\n"
