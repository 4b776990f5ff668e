"""Dataset loaders, splits and training on small inline fixtures (never on shared data)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from hifazat.domain.detection.model import FeatureConfig
from hifazat.training import datasets, splits
from hifazat.training.evasion import TRICKS, obfuscate
from hifazat.training.labels import Example, Label
from hifazat.training.train import OPERATING_GRID, TrainConfig, operating_threshold, train


def test_clean_social_undoes_tweet_artefacts() -> None:
    raw = "!!! RT @mayasolovely: you &amp; me &#8220;ok&#8221; http://t.co/x @bob"
    assert datasets.clean_social(raw) == "you & me \u201cok\u201d"


def test_ruhsold_loader_maps_fine_and_coarse_labels(tmp_path: Path) -> None:
    d = tmp_path / "ruhsold"
    d.mkdir()
    (d / "ruhsold_trainval.csv").write_text(
        "text,coarse_label,coarse_name,fine_label,fine_name,label_conflict,n_source_rows,"
        "near_dup_cluster_size,source_rows\n"
        "acha hai,1,normal,1,normal,0,1,1,a\n"
        '"tu ""kutta""",0,abusive_offensive,0,abusive_offensive,0,1,1,a\n'
        "gaali,0,abusive_offensive,,,0,1,1,a\n"
        "x,,,,,1,1,1,a\n",
        encoding="utf-8",
    )
    rows = datasets.load_ruhsold(tmp_path)
    assert [r.labels for r in rows] == [
        frozenset(),
        frozenset({Label.HARASSMENT_INSULT}),
        frozenset({Label.OFFENSIVE}),
    ]
    assert rows[1].text == 'tu "kutta"'
    assert [r.typed for r in rows] == [True, True, False]


def test_olid_loader_reads_tsv_without_quoting(tmp_path: Path) -> None:
    d = tmp_path / "olid"
    d.mkdir()
    (d / "testset-levela.tsv").write_text(
        'id\ttweet\n1\t"quoted start @USER\n2\tyou idiot\n3\tthey all suck\n', encoding="utf-8"
    )
    (d / "labels-levela.csv").write_text("1,NOT\n2,OFF\n3,OFF\n", encoding="utf-8")
    (d / "labels-levelb.csv").write_text("2,TIN\n3,TIN\n", encoding="utf-8")
    (d / "labels-levelc.csv").write_text("2,IND\n3,GRP\n", encoding="utf-8")
    rows = datasets.load_olid_test(tmp_path)
    assert [r.labels for r in rows] == [
        frozenset(),
        frozenset({Label.HARASSMENT_INSULT}),
        frozenset({Label.HATE}),
    ]
    assert rows[0].text == '"quoted start'


def test_split_is_deterministic_and_ignores_near_duplicate_noise() -> None:
    a = "RT @x: Yeh kya BAKWAAS hai!!! http://t.co/abc"
    b = "yeh kya bakwaaaas hai"
    assert splits.split_key(a) == splits.split_key(b)
    assert splits.bucket(a) == splits.bucket(b)
    words = ["acha", "bura", "video", "kutta", "shukriya", "nice", "yaar", "bhai", "kya", "hai"]
    texts = [f"{words[i % 10]} {words[i // 10 % 10]} {words[i // 100 % 10]}" for i in range(1000)]
    shares = np.mean([splits.is_test(t) for t in texts])
    assert 0.15 < shares < 0.25


def test_every_evasion_trick_is_deterministic() -> None:
    for i in range(len(TRICKS)):
        first = obfuscate("tu bohat ganda kutta hai", i)
        assert first == obfuscate("tu bohat ganda kutta hai", i)


def test_training_on_a_toy_set_learns_the_words() -> None:
    bad = ["tu kutta hai", "kutta kamina", "ganda kutta", "you idiot", "idiot loser"]
    good = ["shukriya bhai", "acha video", "nice video", "thank you", "bohat acha"]
    rows = [Example(t, "toy", "ur-Latn", frozenset({Label.HARASSMENT_INSULT})) for t in bad * 4]
    rows += [Example(t, "toy", "ur-Latn", frozenset()) for t in good * 4]
    rows += [Example("maar dunga tujhe", "toy", "ur-Latn", frozenset({Label.THREAT}))] * 3
    rows += [Example("nudes bhejo", "toy", "ur-Latn", frozenset({Label.SEXUAL}))] * 3
    rows += [Example("gandi gaali", "toy", "ur-Latn", frozenset({Label.OFFENSIVE}))] * 3
    rows += [Example("mazhab pe hamla", "toy", "ur-Latn", frozenset({Label.HATE}))] * 3
    cfg = TrainConfig(features=FeatureConfig(char_bits=12, word_bits=10))
    model = train(rows, cfg, calibrate=False).scorer
    p_bad, p_good = model.offensive_batch(["kutta", "shukriya"])
    assert p_bad > p_good


def test_operating_threshold_picks_the_best_mean_macro_f1() -> None:
    # set "a": positives score 0.6-0.7, negatives 0.55: the best cut lies above 0.55
    p = np.array([0.7, 0.65, 0.6, 0.55, 0.55, 0.2, 0.9, 0.1], dtype=np.float32)
    y = np.array([True, True, True, False, False, False, True, False])
    rules = np.zeros(8, dtype=np.float32)
    groups = ["a"] * 6 + ["b"] * 2
    t, curve = operating_threshold(p, y, rules, groups, ("a", "b"))
    assert 0.55 < t <= 0.6
    assert curve[t] == 1.0 > curve[0.5]
    # a rule score over the threshold flags the row whatever the model says
    rules[3] = 0.99
    _t, curve2 = operating_threshold(p, y, rules, groups, ("a", "b"))
    assert curve2[t] < 1.0


def test_svm_loss_and_operating_point_train_a_toy_model() -> None:
    bad = ["tu kutta hai", "kutta kamina", "ganda kutta", "you idiot", "idiot loser"]
    good = ["shukriya bhai", "acha video", "nice video", "thank you", "bohat acha"]
    rows = [Example(t, "toy", "ur-Latn", frozenset({Label.OFFENSIVE})) for t in bad * 4]
    rows += [Example(t, "toy", "ur-Latn", frozenset()) for t in good * 4]
    cfg = TrainConfig(
        features=FeatureConfig(char_bits=12, word_bits=10), dataset_weight={"toy": 2.0}
    )
    assert cfg.loss["offensive"] == "svm"
    trained = train(rows, cfg, heads=("offensive",))
    assert trained.scorer.meta["operating_point"] in OPERATING_GRID
    p_bad, p_good = trained.scorer.offensive_batch(["ganda kutta", "acha video"])
    assert p_bad > 0.5 > p_good
