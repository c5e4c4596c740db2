"""Wilson and Newcombe (method 10) intervals against hand-computed values."""

import pytest

from featurectl.evaluation.intervals import intervals_overlap, newcombe_diff, wilson


def test_newcombe_56_of_70_vs_48_of_80_by_hand():
    """Newcombe (1998) Table II, example (a); z = 1.959964, z^2 = 3.841459.

    Wilson 56/70: centre (0.8 + z^2/140) / (1 + z^2/70) = 0.827439 / 1.054878 = 0.784393,
      half z * sqrt(0.16/70 + z^2/19600) / 1.054878 = 1.959964 * 0.049817 / 1.054878 = 0.092560
      -> [0.691833, 0.876953]
    Wilson 48/80: centre 0.624009 / 1.048018 = 0.595418,
      half 1.959964 * 0.056125 / 1.048018 = 0.104962 -> [0.490456, 0.700380]
    L = 0.2 - sqrt((0.8 - 0.691833)^2 + (0.700380 - 0.6)^2) = 0.2 - sqrt(0.011700 + 0.010076) = 0.0524
    U = 0.2 + sqrt((0.876953 - 0.8)^2 + (0.6 - 0.490456)^2) = 0.2 + sqrt(0.005922 + 0.012000) = 0.3339
    """
    a = wilson(56, 70)
    assert a["ci95"] == pytest.approx([0.691833, 0.876953], abs=2e-5)
    b = wilson(48, 80)
    assert b["ci95"] == pytest.approx([0.490456, 0.700380], abs=2e-5)
    d = newcombe_diff(56, 70, 48, 80)
    assert d["diff"] == pytest.approx(0.2)
    assert d["ci95"] == pytest.approx([0.0524, 0.3339], abs=5e-5)


@pytest.mark.parametrize(
    "k1,n1,k2,n2,lo,hi",
    [
        (9, 10, 3, 10, 0.1705, 0.8090),  # Table II (b)
        (6, 7, 2, 7, 0.0582, 0.8062),  # (c)
        (5, 56, 0, 29, -0.0381, 0.1926),  # (d): a zero cell still has width
        (0, 10, 0, 20, -0.1611, 0.2775),  # (e): both zero, asymmetric in n
        (0, 10, 0, 10, -0.2775, 0.2775),  # (f): symmetric
    ],
)
def test_newcombe_table_ii(k1, n1, k2, n2, lo, hi):
    assert newcombe_diff(k1, n1, k2, n2)["ci95"] == pytest.approx([lo, hi], abs=1e-4)


def test_newcombe_is_antisymmetric_and_bounded():
    d1, d2 = newcombe_diff(30, 100, 10, 100), newcombe_diff(10, 100, 30, 100)
    assert d1["diff"] == pytest.approx(-d2["diff"])
    assert d1["ci95"] == pytest.approx([-d2["ci95"][1], -d2["ci95"][0]])
    assert newcombe_diff(10, 10, 0, 10)["ci95"][1] == 1.0


def test_empty_cell_is_uninformative():
    assert newcombe_diff(0, 0, 3, 10) == {"diff": None, "ci95": [-1.0, 1.0], "a": {"k": 0, "n": 0},
                                          "b": {"k": 3, "n": 10}}


def test_overlap():
    assert intervals_overlap({"ci95": [0.1, 0.3]}, {"ci95": [0.3, 0.5]})
    assert not intervals_overlap(wilson(90, 100), wilson(10, 100))
