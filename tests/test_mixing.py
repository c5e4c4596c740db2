"""The control-run data mixer: counts, ratio, seeds, held-out general pairs, errors."""

import pytest

from featurectl.errors import ConfigError
from featurectl.mixing import builtin_mix, mix_pairs

DOM = [{"id": f"d{i}", "prompt": "p", "chosen": "c", "rejected": "r"} for i in range(10)]
GEN = [{"id": f"g{i}", "prompt": "p", "chosen": "c", "rejected": "r"} for i in range(20)]


def _ids(rows):
    return [r["id"] for r in rows]


def test_one_to_one_counts_and_tags():
    m = mix_pairs(DOM, GEN, n_domain=6, n_heldout_general=5, seed=0)
    assert [r["mix"] for r in m.train].count("domain") == 6
    assert [r["mix"] for r in m.train].count("general") == 6
    assert len(m.heldout_general) == 5 and {r["mix"] for r in m.heldout_general} == {"general"}
    # held-out general pairs are never trained on
    assert not set(_ids(m.heldout_general)) & set(_ids(m.train))
    assert m.stats == {"domain": "domain", "ratio_general_per_domain": 1.0, "n_domain": 6, "n_general": 6,
                       "n_train": 12, "n_heldout_general": 5, "n_heldout_domain": 0, "seed": 0}


def test_ratio_and_default_n_domain():
    # 20 general - 5 held out = 15 in the pool; ratio 2 -> at most 7 domain pairs (14 general)
    m = mix_pairs(DOM, GEN, ratio=2.0, n_heldout_general=5)
    assert (m.stats["n_domain"], m.stats["n_general"]) == (7, 14)
    m = mix_pairs(DOM, GEN, ratio=0.5, n_heldout_general=5)
    assert (m.stats["n_domain"], m.stats["n_general"]) == (10, 5)
    m = mix_pairs(DOM, GEN, ratio=0.0, n_heldout_general=5)
    assert (m.stats["n_domain"], m.stats["n_general"]) == (10, 0)


def test_deterministic_by_seed():
    a = mix_pairs(DOM, GEN, n_domain=6, n_heldout_general=5, seed=3)
    b = mix_pairs(DOM, GEN, n_domain=6, n_heldout_general=5, seed=3)
    c = mix_pairs(DOM, GEN, n_domain=6, n_heldout_general=5, seed=4)
    assert _ids(a.train) == _ids(b.train) and _ids(a.heldout_general) == _ids(b.heldout_general)
    assert _ids(a.train) != _ids(c.train)
    # the mix is interleaved, not all domain rows first
    assert [r["mix"] for r in a.train] != ["domain"] * 6 + ["general"] * 6


def test_errors_name_the_counts():
    with pytest.raises(ConfigError, match="needs 16 general training pairs, but only 15 remain"):
        mix_pairs(DOM, GEN, ratio=2.0, n_domain=8, n_heldout_general=5)
    with pytest.raises(ConfigError, match="n_domain must be in 1..10"):
        mix_pairs(DOM, GEN, n_domain=11, n_heldout_general=5)
    with pytest.raises(ConfigError, match="ratio must be >= 0"):
        mix_pairs(DOM, GEN, ratio=-1)


def test_builtin_mix_and_write(tmp_path):
    m = builtin_mix("french", n_domain=48, n_heldout_domain=20)
    assert (m.stats["n_train"], m.stats["n_heldout_general"], m.stats["n_heldout_domain"]) == (96, 40, 20)
    assert all(r["id"].startswith("helpful-") for r in m.heldout_general)
    assert all(r["id"].startswith("fr-") for r in m.heldout_domain)
    paths = m.write(tmp_path)
    assert paths["train"].read_text().count("\n") == 96
