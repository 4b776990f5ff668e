"""Build ``lexicons/language_words.tsv`` and ``lexicons/allow.txt``, and measure language id.

Usage: ``uv run python tests/bench/build_language_table.py [DATA_DIR] [--write]``

DATA_DIR defaults to ``../shared/data``. Rows are split 80/20 by a hash of the text; the table is
built from the 80% and accuracy is measured on the 20% (RUHSOLD = ``ur-Latn``, Davidson = ``en``,
Akhter = ``ur``, all rows of Akhter since nothing is learned from it).
"""

from __future__ import annotations

import collections
import csv
import hashlib
import math
import re
import sys
import time
from pathlib import Path

from hifazat.domain.text import language
from hifazat.domain.text.lexicon import default_lexicon
from hifazat.domain.text.normalize import phonetic_key

OUT = Path(__file__).resolve().parents[2] / "src/hifazat/domain/text/lexicons"
WORD = re.compile(r"[a-z]+")
NOISE = re.compile(r"https?://\S+|www\.\S+|[@#]\w+|&\w+;|\brt\b")


def is_test(text: str) -> bool:
    return int(hashlib.md5(text.encode()).hexdigest(), 16) % 5 == 0


def load(data: Path) -> dict[str, list[tuple[str, bool]]]:
    rows: dict[str, list[tuple[str, bool]]] = {"ur-Latn": [], "en": [], "ur": []}
    with (data / "ruhsold/ruhsold_trainval.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            rows["ur-Latn"].append((r["text"], r["coarse_label"] == "1"))
    with (data / "davidson/davidson_trainval.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            rows["en"].append((r["tweet"], r["class"] == "2"))
    with (data / "urdu_abusive_akhter/urdu_abusive_akhter.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            rows["ur"].append((r["text"], r["abusive"] == "0"))
    return rows


def words(text: str) -> list[str]:
    return WORD.findall(NOISE.sub(" ", text.lower()))


def trigrams(word: str) -> list[str]:
    p = f"<{word}>"
    return [p[i : i + 3] for i in range(len(p) - 2)]


def log_odds(ur: collections.Counter[str], en: collections.Counter[str], min_count: int):
    n_ur, n_en = sum(ur.values()), sum(en.values())
    vocab = set(ur) | set(en)
    alpha = 0.5
    out = {}
    for k in vocab:
        if ur[k] + en[k] < min_count:
            continue
        p_ur = (ur[k] + alpha) / (n_ur + alpha * len(vocab))
        p_en = (en[k] + alpha) / (n_en + alpha * len(vocab))
        w = max(-4.0, min(4.0, math.log(p_ur / p_en)))
        if abs(w) >= 0.3:
            out[k] = round(w, 2)
    return out


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    data = Path(args[0]) if args else Path(__file__).resolve().parents[3] / "shared/data"
    rows = load(data)
    wu: collections.Counter[str] = collections.Counter()
    we: collections.Counter[str] = collections.Counter()
    tu: collections.Counter[str] = collections.Counter()
    te: collections.Counter[str] = collections.Counter()
    for lang, wc, tc in (("ur-Latn", wu, tu), ("en", we, te)):
        for text, _ in rows[lang]:
            if is_test(text):
                continue
            ws = words(text)
            wc.update(ws)
            for w in ws:
                tc.update(trigrams(w))
    wtab = log_odds(wu, we, 3)
    ttab = log_odds(tu, te, 5)
    if "--write" in sys.argv:
        lines = ["# kind<TAB>key<TAB>log-odds (Roman Urdu vs English); see SOURCES.md"]
        lines += [f"w\t{k}\t{v}" for k, v in sorted(wtab.items())]
        lines += [f"t\t{k}\t{v}" for k, v in sorted(ttab.items())]
        (OUT / "language_words.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        # frequent words of normal rows: never let a phonetic key collide with them
        normal: collections.Counter[str] = collections.Counter()
        for lang in ("ur-Latn", "en"):
            for text, is_normal in rows[lang]:
                if is_normal and not is_test(text):
                    normal.update(w for w in words(text) if len(w) >= 3)
        lex_terms = {e.term for e in default_lexicon().entries}
        lex_keys = {phonetic_key(t) for t in lex_terms}
        allow = sorted(
            w for w, c in normal.items() if c >= 8 and w not in lex_terms and w.isascii()
        )
        blocked = [w for w in allow if phonetic_key(w) in lex_keys]
        (OUT / "allow.txt").write_text("\n".join(allow) + "\n", encoding="utf-8")
        print(f"wrote {len(wtab)} words, {len(ttab)} trigrams, {len(allow)} allow words")
        print("phonetic keys blocked by allow words:", blocked)
        language.default_model.cache_clear()
    model = language.parse_model((OUT / "language_words.tsv").read_text(encoding="utf-8"))
    print(f"{'set':10} {'rows':>6} {'correct':>8} {'accuracy':>8}  other labels")
    for lang in ("ur-Latn", "en", "ur"):
        test = [t for t, _ in rows[lang] if lang == "ur" or is_test(t)]
        got = collections.Counter(language.identify(t, model) for t in test)
        acc = got[lang] / len(test)
        others = {k: v for k, v in got.items() if k != lang}
        print(f"{lang:10} {len(test):6d} {got[lang]:8d} {acc:8.3f}  {others}")
    sample = [t for lang in rows for t, _ in rows[lang]][:20000]
    t0 = time.perf_counter()
    for t in sample:
        language.identify(t, model)
    dt = time.perf_counter() - t0
    print(f"speed: {len(sample) / dt:,.0f} texts/s ({dt / len(sample) * 1e6:.1f} us/text)")


if __name__ == "__main__":
    main()
