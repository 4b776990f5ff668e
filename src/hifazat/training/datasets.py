"""Loaders for the labelled sets under ``shared/data`` (see its README for each quirk)."""

from __future__ import annotations

import csv
import html
import re
from collections.abc import Iterator
from pathlib import Path

from hifazat.training.labels import Example, Label

#: Sets whose licence allows training the shipped model.
TRAINABLE = ("ruhsold", "davidson", "toxigen_seeds", "urdu_abusive_akhter", "inhouse")
#: Evaluation-only sets.
EVAL_ONLY = ("olid", "trac1", "hatecheck", "ethos")

_RT = re.compile(r"^(?:\s*[!\"']*\s*rt\s+@\w+\s*:?)+", re.IGNORECASE)
_MENTION = re.compile(r"@\w+")
_URL = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_DEVANAGARI = re.compile(r"[\u0900-\u097f]")


def clean_social(text: str) -> str:
    """Undo dataset artefacts: HTML entities, ``RT @user:`` prefixes, handles, URLs, line breaks."""
    text = html.unescape(html.unescape(text))
    text = _RT.sub(" ", text)
    text = _MENTION.sub(" ", text)
    text = _URL.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def _dict_rows(path: Path, delimiter: str = ",") -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        yield from csv.DictReader(f, delimiter=delimiter)


# -- trainable sets ----------------------------------------------------------------------------

_RUHSOLD_FINE: dict[str, frozenset[Label]] = {
    "0": frozenset({Label.HARASSMENT_INSULT}),
    "1": frozenset(),
    "2": frozenset({Label.HATE}),
    "3": frozenset({Label.HATE}),  # sexism: hate (gender)
    "4": frozenset({Label.OFFENSIVE}),
}
_RUHSOLD_FINE_NAME = {"0": "abusive", "1": "normal", "2": "religious_hate", "3": "sexism"}
_RUHSOLD_FINE_NAME["4"] = "profane"


def load_ruhsold(data: Path) -> list[Example]:
    """RUHSOLD (Roman Urdu): fine label when present, else coarse-only (type unknown)."""
    out = []
    for r in _dict_rows(data / "ruhsold" / "ruhsold_trainval.csv"):
        if r["label_conflict"] == "1" or r["coarse_label"] == "":
            continue
        text = clean_social(r["text"])
        if not text:
            continue
        fine = r["fine_label"]
        if fine:
            labels, typed, group = _RUHSOLD_FINE[fine], True, _RUHSOLD_FINE_NAME[fine]
        else:
            offensive = r["coarse_label"] == "0"
            labels = frozenset({Label.OFFENSIVE}) if offensive else frozenset()
            typed, group = not offensive, "coarse_only"
        out.append(Example(text, "ruhsold", "ur-Latn", labels, typed, group))
    return out


_DAVIDSON = {
    "0": frozenset({Label.HATE}),
    "1": frozenset({Label.OFFENSIVE}),
    "2": frozenset[Label](),
}


def load_davidson(data: Path) -> list[Example]:
    out = []
    for r in _dict_rows(data / "davidson" / "davidson_trainval.csv"):
        if r["label_conflict"] == "1":
            continue
        text = clean_social(r["tweet"])
        if text:
            out.append(
                Example(text, "davidson", "en", _DAVIDSON[r["class"]], True, r["class_name"])
            )
    return out


def load_toxigen_seeds(data: Path) -> list[Example]:
    out = []
    for r in _dict_rows(data / "toxigen_seeds" / "toxigen_seed_sentences.csv"):
        if r["label_conflict"] == "1":
            continue
        labels = frozenset({Label.HATE}) if r["label"] == "hate" else frozenset()
        out.append(Example(r["text"].strip(), "toxigen_seeds", "en", labels, True, r["label"]))
    return out


def load_akhter(data: Path) -> list[Example]:
    """Akhter et al. 2020 Urdu: binary abusive, type unknown."""
    out = []
    for r in _dict_rows(data / "urdu_abusive_akhter" / "urdu_abusive_akhter.csv"):
        text = _SPACES.sub(" ", r["text"]).strip()
        if not text:
            continue
        abusive = r["abusive"].strip() == "1"
        labels = frozenset({Label.OFFENSIVE}) if abusive else frozenset()
        out.append(Example(text, "urdu_abusive_akhter", "ur", labels, not abusive, ""))
    return out


INHOUSE_FILE = Path(__file__).with_name("inhouse_labelled.csv")


def load_inhouse(path: Path = INHOUSE_FILE) -> list[Example]:
    """Hifazat's own labelled threats / sexual harassment / hard negatives (see README)."""
    out = []
    for r in _dict_rows(path):
        labels = frozenset(Label(x) for x in r["labels"].split("|") if x and x != "none")
        out.append(Example(r["text"].strip(), "inhouse", r["language"], labels, True, r["kind"]))
    return out


# -- evaluation-only sets ----------------------------------------------------------------------


def load_olid_test(data: Path) -> list[Example]:
    """OLID test (level A labels, refined with levels B and C where present)."""
    d = data / "olid"

    def labels_of(name: str) -> dict[str, str]:
        with (d / name).open(encoding="utf-8", newline="") as f:
            return {row[0]: row[1] for row in csv.reader(f) if row}

    a, b, c = labels_of("labels-levela.csv"), labels_of("labels-levelb.csv"), {}
    c = labels_of("labels-levelc.csv")
    out = []
    with (d / "testset-levela.tsv").open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(reader)
        for row in reader:
            tid, tweet = row[0], row[1]
            if a[tid] == "NOT":
                labels: frozenset[Label] = frozenset()
                group = "NOT"
            else:
                target = c.get(tid, "")
                group = "OFF/" + b.get(tid, "?") + ("/" + target if target else "")
                if b.get(tid) == "TIN" and target == "IND":
                    labels = frozenset({Label.HARASSMENT_INSULT})
                elif b.get(tid) == "TIN" and target == "GRP":
                    labels = frozenset({Label.HATE})
                else:
                    labels = frozenset({Label.OFFENSIVE})
            out.append(
                Example(clean_social(tweet.replace("URL", " ")), "olid", "en", labels, True, group)
            )
    return out


def _hindi_script(text: str) -> str:
    return "hi" if _DEVANAGARI.search(text) else "hi-Latn"


_TRAC = {
    "NAG": frozenset[Label](),
    "CAG": frozenset({Label.OFFENSIVE}),
    "OAG": frozenset({Label.HARASSMENT_INSULT}),
}


def load_trac1_dev(data: Path) -> list[Example]:
    """TRAC-1 dev sets (English and Hindi-English Facebook); language by script."""
    out = []
    for sub, name in (("english", "agr_en_dev.csv"), ("hindi", "agr_hi_dev.csv")):
        with (data / "trac1" / sub / name).open(encoding="utf-8", newline="") as f:
            for row in csv.reader(f):
                if len(row) < 3:
                    continue
                text, label = clean_social(row[1]), row[2].strip()
                if not text or label not in _TRAC:
                    continue
                lang = "en" if sub == "english" else _hindi_script(text)
                out.append(Example(text, f"trac1_{sub}", lang, _TRAC[label], True, label))
    return out


_HATECHECK_NONE = ("ident_", "counter_", "negate_neg_nh", "slur_homonym_nh", "slur_reclaimed_nh")


def hatecheck_labels(functionality: str, gold: str) -> frozenset[Label]:
    if functionality in ("threat_dir_h", "threat_norm_h"):
        return frozenset({Label.THREAT, Label.HATE})
    if gold == "hateful":
        return frozenset({Label.HATE})
    if functionality == "target_indiv_nh":
        return frozenset({Label.HARASSMENT_INSULT})
    if functionality in ("target_obj_nh", "target_group_nh", "profanity_nh"):
        return frozenset({Label.OFFENSIVE})
    return frozenset()


def load_hatecheck(data: Path) -> list[Example]:
    out = []
    for r in _dict_rows(data / "hatecheck" / "test_suite_cases.csv"):
        labels = hatecheck_labels(r["functionality"], r["label_gold"])
        text = r["test_case"].strip()
        out.append(Example(text, "hatecheck", "en", labels, True, r["functionality"]))
    return out


def load_ethos(data: Path) -> list[Example]:
    out = []
    for r in _dict_rows(data / "ethos" / "Ethos_Dataset_Binary.csv", delimiter=";"):
        hate = float(r["isHate"]) >= 0.5
        labels = frozenset({Label.HATE}) if hate else frozenset()
        out.append(Example(r["comment"].strip(), "ethos", "en", labels, True, ""))
    return out


def load_trainable(data: Path) -> list[Example]:
    return [
        *load_ruhsold(data),
        *load_davidson(data),
        *load_toxigen_seeds(data),
        *load_akhter(data),
        *load_inhouse(),
    ]
