"""Feature discovery: scoring numbers, selection rules, and a planted feature found end to end
(tiny llama + a hand-built sae-lens SAE whose feature 7 fires on 'z' tokens only)."""

from __future__ import annotations

import json
import math

import pytest
import torch

from featurectl.discovery import DiscoveryConfig, discover, write_feature_set
from featurectl.discovery.collect import (
    Example,
    collect_feature_stats,
    examples_from_jsonl,
    tokenize_example,
)
from featurectl.discovery.scoring import (
    auroc,
    filter_heldout,
    heldout_scores,
    rank_score,
    score_features,
    select_candidates,
    set_auroc,
)
from featurectl.errors import DataError

HOOK = "blocks.0.hook_resid_post"
PLANT = 7
D_SAE = 32


# ----------------------------------------------------------------------------- scoring (hand numbers)


def test_auroc_hand_values():
    """t=[3,1] c=[2,0]: pairs (3>2, 3>0, 1<2, 1>0) -> 3/4. t=[1,0] c=[0,0]: 1 beats both, 0 ties both
    -> (2 + 0.5*2)/4 = 0.75. Identical sides -> 0.5; separated -> 1; reversed -> 0."""
    t = torch.tensor([3.0, 1.0])
    assert float(auroc(t, torch.tensor([2.0, 0.0]))) == 0.75
    assert float(auroc(torch.tensor([1.0, 0.0]), torch.tensor([0.0, 0.0]))) == 0.75
    assert float(auroc(torch.zeros(4), torch.zeros(3))) == 0.5
    assert float(auroc(torch.tensor([2.0, 3.0]), torch.tensor([0.0, 1.0]))) == 1.0
    assert float(auroc(torch.tensor([0.0, 1.0]), torch.tensor([2.0, 3.0]))) == 0.0
    assert math.isnan(float(auroc(torch.zeros(0), torch.ones(2))))


def test_auroc_matches_pairwise_definition_with_ties():
    g = torch.Generator().manual_seed(0)
    t = torch.randint(0, 4, (9, 5), generator=g).float()  # many ties
    c = torch.randint(0, 3, (7, 5), generator=g).float()
    diff = t.unsqueeze(1) - c.unsqueeze(0)  # (9, 7, 5)
    expected = ((diff > 0).double() + 0.5 * (diff == 0).double()).mean((0, 1))
    torch.testing.assert_close(auroc(t, c), expected)
    torch.testing.assert_close(auroc(t, c, chunk=2), expected)  # chunking over features changes nothing


def test_score_features_numbers():
    """Feature 0: target pooled [2,4,3], control [1,0] -> means 3 and 0.5, diff 2.5, auroc 1.
    Feature 1: target [0,0,1], control [1,1] -> diff 1/3-1 = -2/3, auroc: 1 ties 2 (0.5 each),
    0s lose -> (0.5*2)/6 = 1/6. Firing counts: target 10 tokens, feature 0 fires on 8, control
    8 tokens, fires on 2: freq_ratio = ((8+1)/12) / ((2+1)/10) = 2.5."""
    pt = torch.tensor([[2.0, 0.0], [4.0, 0.0], [3.0, 1.0]])
    pc = torch.tensor([[1.0, 1.0], [0.0, 1.0]])
    s = score_features(pt, pc, torch.tensor([8.0, 1.0]), 10, torch.tensor([2.0, 8.0]), 8)
    torch.testing.assert_close(s["diff_mean"], torch.tensor([2.5, -2 / 3], dtype=torch.float64))
    torch.testing.assert_close(s["auroc"], torch.tensor([1.0, 1 / 6], dtype=torch.float64))
    assert float(s["freq_ratio"][0]) == pytest.approx(2.5)
    assert float(s["target_freq"][0]) == 0.8 and float(s["control_freq"][0]) == 0.25
    # rank score: (2*1-1)*2.5 = 2.5; feature 1 is negative on both factors -> clamped Somers' D 0 -> 0.
    assert rank_score(s).tolist() == [2.5, 0.0]


def test_selection_criterion():
    """rank = (2*auroc-1)*diff among auroc >= 0.7 and diff > 0:
    f0 (0.9, 1.0) -> 0.8; f1 (1.0, 0.5) -> 0.5; f2 (0.65, 9.0) ineligible (auroc);
    f3 (0.95, -1) ineligible (diff); f4 (0.7, 2.0) -> 0.8, ties f0 -> index order keeps f0 first."""
    scores = {
        "auroc": torch.tensor([0.9, 1.0, 0.65, 0.95, 0.7], dtype=torch.float64),
        "diff_mean": torch.tensor([1.0, 0.5, 9.0, -1.0, 2.0], dtype=torch.float64),
    }
    assert select_candidates(scores, top=10, min_auroc=0.7) == [0, 4, 1]
    assert select_candidates(scores, top=2, min_auroc=0.7) == [0, 4]
    assert select_candidates(scores, top=10, min_auroc=0.6) == [2, 0, 4, 1]  # (0.3*9=2.7 first)


def test_heldout_filter_and_set_auroc():
    """Held-out: f0 separates (auroc 1), f1 does not (0.25) -> dropped at threshold 0.6.
    Set AUROC of f0 alone on held-out = 1; of f0+f1 sums: t=[1+0, 2+0]=[1,2], c=[0+1, 0+1]=[1,1]
    -> pairs (1=1,1=1,2>1,2>1) = (0.5+0.5+1+1)/4 = 0.75."""
    ht = torch.tensor([[1.0, 0.0], [2.0, 0.0]])
    hc = torch.tensor([[0.0, 1.0], [0.0, 1.0]])
    h = heldout_scores(ht, hc)
    assert h["heldout_auroc"].tolist() == [1.0, 0.0]
    assert h["heldout_target_mean"].tolist() == [1.5, 0.0]
    assert filter_heldout([1, 0], h["heldout_auroc"], min_auroc=0.6) == [0]
    assert set_auroc(ht, hc, [0]) == 1.0
    assert set_auroc(ht, hc, [0, 1]) == 0.75
    # No held-out data: NaN AUROC, nothing is dropped (the pipeline warns instead).
    empty = heldout_scores(torch.zeros(0, 2), hc)
    assert filter_heldout([1, 0], empty["heldout_auroc"]) == [1, 0]


# ----------------------------------------------------------------------------- planted feature fixtures


def make_examples(n: int = 16) -> list[Example]:
    """Target responses are z-words, control responses have no z; every 4th row is held out."""
    out = []
    for i in range(n):
        split = "heldout" if i % 4 == 3 else "train"
        prompt = f"Write word group {i}."
        out.append(Example(f"t{i}", prompt, f"{'z' * (1 + i % 3)} {'z' * (2 + i % 2)} zz", "target", split))
        out.append(Example(f"c{i}", prompt, f"{'ab'[i % 2] * (1 + i % 3)} cd ef", "control", split))
    return out


def manual_hidden(model, tokenizer, ex: Example) -> tuple[torch.Tensor, list[int]]:
    """Layer-0 output at the response positions of one text, from an unbatched forward with
    output_hidden_states (independent of discovery's batching, padding and masks)."""
    tk = tokenize_example(tokenizer, ex, 256)
    ids = tk.prompt_ids + tk.response_ids
    with torch.no_grad():
        hs = model(torch.tensor([ids]), output_hidden_states=True).hidden_states[1][0]  # (T, d)
    start = max(len(tk.prompt_ids), 1)
    return hs[start:], ids[start:]


@pytest.fixture(scope="module")
def planted():
    """tiny llama + a StandardSAE (ReLU) with feature 7 = 'z detector':
    W_enc[:, 7] = w, the unit direction (mean of z-token states) - (mean of control states),
    b_enc[7] = -(largest control projection) - 1e-4, so it never fires on control text;
    W_dec[7] = w (so W_dec[7] . W_enc[:, 7] = 1 and ablation removes it exactly).
    Other features: random directions at 0.3x scale with zero bias (distractors)."""
    torch.manual_seed(0)
    from sae_lens import StandardSAE, StandardSAEConfig

    from featurectl.tiny import byte_tokenizer, tiny_llama

    model, tok = tiny_llama(), byte_tokenizer()
    examples = make_examples()
    z_id = tok.convert_tokens_to_ids("z")
    z_states, control_states = [], []
    for ex in examples:
        h, ids = manual_hidden(model, tok, ex)
        if ex.side == "target":
            z_states.append(h[torch.tensor(ids) == z_id])
        else:
            control_states.append(h)
    z, ctrl = torch.cat(z_states), torch.cat(control_states)
    w = z.mean(0) - ctrl.mean(0)
    w = w / w.norm()
    thr = float((ctrl @ w).max()) + 1e-4
    sae = StandardSAE(StandardSAEConfig(d_in=64, d_sae=D_SAE))
    with torch.no_grad():
        sae.W_enc.copy_(torch.randn(64, D_SAE) * 0.3 / 8)
        sae.b_enc.zero_()
        sae.b_dec.zero_()
        sae.W_enc[:, PLANT] = w
        sae.b_enc[PLANT] = -thr
        sae.W_dec.copy_(torch.randn(D_SAE, 64) / 8)
        sae.W_dec[PLANT] = w
    sae.cfg.metadata.hook_name = HOOK
    sae.eval()
    n_fire = int(((z @ w) > thr).sum())
    assert n_fire > len(z) // 2, "construction: most z tokens must fire"
    return {"model": model, "tok": tok, "sae": _Shim(sae), "raw": sae, "w": w, "thr": thr, "examples": examples}


class _Shim:
    """Stand-in for featurectl.sae.LoadedSAE (wraps a sae_lens SAE the same way)."""

    def __init__(self, sae):
        self.sae, self.hook_name = sae, HOOK
        self.d_in, self.d_sae = int(sae.cfg.d_in), int(sae.cfg.d_sae)

    def encode(self, x):
        return self.sae.encode(x.to(self.sae.dtype)).to(x.dtype)

    def decode(self, c):
        return self.sae.decode(c.to(self.sae.dtype)).to(c.dtype)

    def identity(self):
        return {"kind": "path", "path": "planted", "sha256": "feed" * 16, "hook": HOOK, "d_sae": self.d_sae}


# ----------------------------------------------------------------------------- collect


def test_collect_matches_unbatched_forward(planted):
    """Pooled activation of the planted feature = mean over response tokens (position 0 and prompt
    excluded) of relu(h . w - thr), computed here from an unbatched forward."""
    model, tok, sae, examples = planted["model"], planted["tok"], planted["sae"], planted["examples"]
    stats = collect_feature_stats(model, tok, sae, examples, hook=HOOK, batch_size=5, progress=False)
    for i, ex in enumerate(examples):
        h, ids = manual_hidden(model, tok, ex)
        expected = torch.relu(h @ planted["w"] - planted["thr"])  # (n,)
        assert int(stats.n_tokens[i]) == len(ids)
        assert float(stats.pooled[i, PLANT]) == pytest.approx(float(expected.mean()), abs=1e-5)
        assert float(stats.max[i, PLANT]) == pytest.approx(float(expected.max()), abs=1e-5)
    # Never fires on control by construction: zero firing tokens on both control splits.
    assert float(stats.fire["control", "train"][PLANT]) == 0 and float(stats.fire["control", "heldout"][PLANT]) == 0


# ----------------------------------------------------------------------------- end to end


def test_discover_finds_planted_feature(planted, tmp_path):
    model, tok, sae, examples = planted["model"], planted["tok"], planted["sae"], planted["examples"]
    cfg = DiscoveryConfig(top=5, progress=False, n_contexts=3, batch_size=4)
    result = discover(
        model, tok, sae, examples, name="z_off", hook=HOOK, model_name="tiny-llama",
        sae_spec={"path": "planted"}, config=cfg, log=lambda _m: None,
    )
    assert result.candidates[0] == PLANT and result.selected[0] == PLANT
    row = result.table[PLANT]
    assert row["auroc"] == 1.0 and row["heldout_auroc"] == 1.0 and row["control_mean"] == 0.0
    assert row["control_freq"] == 0.0 and row["selected"] and row["candidate"]
    # freq_ratio is the smoothed ratio of the measured firing shares.
    n_t, n_c = result.summary["n_tokens"]["target_train"], result.summary["n_tokens"]["control_train"]
    f_t = row["target_freq"] * n_t
    assert row["freq_ratio"] == pytest.approx(((f_t + 1) / (n_t + 2)) / (1 / (n_c + 2)))
    assert result.summary["n_texts"] == {"target_train": 12, "control_train": 12, "target_heldout": 4, "control_heldout": 4}
    assert result.summary["heldout_set_auroc"] is not None

    # Label and contexts point at 'z'.
    ctx = next(c for c in result.contexts if c["index"] == PLANT)
    assert ctx["label"].startswith('fires on "z"')
    first = ctx["contexts"][0]
    assert first["side"] == "target" and first["tokens"][first["max_pos"]] == "z"
    assert len(first["tokens"]) == len(first["acts"]) and first["max_act"] == max(first["acts"])

    # Files (docs/FORMATS.md "Discovery result").
    out = result.write(tmp_path / "discovery" / "z_off")
    lines = (out / "features.csv").read_text().splitlines()
    assert len(lines) == 1 + D_SAE and lines[0].startswith("index,diff_mean,auroc,freq_ratio,")
    assert lines[1 + PLANT].split(",")[0] == str(PLANT) and ",True,True," in lines[1 + PLANT]
    import pyarrow.parquet as pq

    table = pq.read_table(out / "features.parquet").to_pydict()
    assert table["index"][PLANT] == PLANT and table["selected"][PLANT] is True
    hist = json.loads((out / "histograms.json").read_text())[str(PLANT)]
    assert len(hist["bins"]) == 21 and sum(hist["target"]) == 12 and sum(hist["control"]) == 12
    assert hist["control"][0] == 12  # control pooled activation is exactly 0 -> first bin
    summary = json.loads((out / "summary.json").read_text())
    assert summary["selected"][0] == PLANT and summary["hook"] == HOOK
    rows = [json.loads(x) for x in (out / "contexts.jsonl").read_text().splitlines()]
    assert [r["index"] for r in rows] == result.selected

    # The feature set: listed features get beta 5 toward zero; provenance records the SAE hash.
    from featurectl.feature_sets import load_feature_set

    fs = load_feature_set(write_feature_set(result, tmp_path / "z_off.yaml"))
    assert fs == result.feature_set
    assert fs.features[0].index == PLANT and fs.features[0].beta == 5.0 and fs.features[0].target == "zero"
    assert fs.features[0].scores["auroc"] == 1.0 and fs.provenance["sae"]["sha256"] == "feed" * 16
    assert (fs.model, fs.hook, fs.sae, fs.top_k, fs.default_beta) == ("tiny-llama", HOOK, {"path": "planted"}, 32, 1.0)


def test_discover_without_heldout_warns_and_keeps_candidates(planted):
    model, tok, sae = planted["model"], planted["tok"], planted["sae"]
    train_only = [ex for ex in planted["examples"] if ex.split == "train"]
    with pytest.warns(UserWarning, match="no held-out"):
        result = discover(
            model, tok, sae, train_only, name="z_keep", hook=HOOK, model_name="tiny-llama",
            sae_spec={"path": "planted"}, config=DiscoveryConfig(top=3, progress=False), log=lambda _m: None,
        )
    assert result.selected == result.candidates and result.selected[0] == PLANT
    assert result.summary["heldout_set_auroc"] is None
    assert result.feature_set.features[0].target == "reference"  # not an *_off name
    assert math.isnan(result.table[PLANT]["heldout_auroc"])


def test_ablation_removes_planted_feature(planted):
    """With W_dec[7] . W_enc[:,7] = 1, h' = h - c7 * W_dec[7] has pre-activation
    pre7(h) - c7 = 0 wherever the feature fired, so feature 7 reads 0 after the edit."""
    from featurectl.discovery.causal import ablate_feature, ablation_effects
    from featurectl.hooks import capture, resolve_hook

    model, tok, sae = planted["model"], planted["tok"], planted["sae"]
    ex = planted["examples"][0]
    tk = tokenize_example(tok, ex, 256)
    ids = torch.tensor([tk.prompt_ids + tk.response_ids])
    module = resolve_hook(model, HOOK)
    with torch.no_grad():
        with capture({"h": module}) as before:
            model(ids)
        with ablate_feature(model, sae, HOOK, PLANT), capture({"h": module}) as after:
            model(ids)
        c_before = sae.encode(before["h"])[0, 1:, PLANT]
        c_after = sae.encode(after["h"])[0, 1:, PLANT]
    assert float(c_before.max()) > 0
    assert float(c_after.abs().max()) < 1e-5
    # A dead feature (never fires: huge negative bias) changes nothing: effect exactly 0.
    raw_bias = planted["raw"].b_enc
    saved = float(raw_bias[3])
    with torch.no_grad():
        raw_bias[3] = -1e6
    try:
        res = ablation_effects(
            model, tok, sae, [3], ["Write word group 3."], lambda s: "z" in s, hook=HOOK, max_new_tokens=4,
            progress=False,
        )
    finally:
        with torch.no_grad():
            raw_bias[3] = saved
    assert res["per_feature"][3]["causal_effect"] == 0.0 and res["n_prompts"] == 1


# ----------------------------------------------------------------------------- inputs and CLI


def test_examples_from_jsonl(tmp_path):
    p = tmp_path / "t.jsonl"
    rows = [{"text": f"row {i}"} for i in range(9)] + [{"prompt": "q", "response": "a", "split": "train"}]
    p.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    ex = examples_from_jsonl(p, "target")
    # Rows without a split: every 5th (i = 4, 9) is held out; row 9 says "train" itself.
    assert [e.split for e in ex].count("heldout") == 1 and ex[4].split == "heldout"
    assert ex[0].prompt == "" and ex[9].prompt == "q" and ex[9].response == "a"
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "ok"}\n{"body": "x"}\n')
    with pytest.raises(DataError, match=r"bad\.jsonl:2: needs key 'text'"):
        examples_from_jsonl(bad, "control")


def test_cli_discover_and_validate(planted, tmp_path, monkeypatch, capsys):
    """`featurectl discover --target --control` on tiny-llama with the planted SAE saved in the
    sae-lens format, then `featurectl features validate` against the same and another hook."""
    from featurectl.cli import main

    sae_dir = tmp_path / "sae"
    planted["raw"].save_model(str(sae_dir))
    tgt, ctl = tmp_path / "zz.jsonl", tmp_path / "ab.jsonl"
    exs = planted["examples"]
    tgt.write_text("".join(json.dumps({"prompt": e.prompt, "response": e.response, "split": e.split}) + "\n"
                           for e in exs if e.side == "target"))
    ctl.write_text("".join(json.dumps({"prompt": e.prompt, "response": e.response, "split": e.split}) + "\n"
                           for e in exs if e.side == "control"))
    monkeypatch.chdir(tmp_path)
    common = ["--model", "tiny-llama", "--sae", str(sae_dir), "--hook", HOOK]
    rc = main(["discover", "--target", str(tgt), "--control", str(ctl), *common, "--top", "4", "--no-progress"])
    assert rc == 0
    out = capsys.readouterr().out
    assert "feature_sets/zz_off.yaml" in out
    from featurectl.feature_sets import load_feature_set

    fs = load_feature_set("zz_off")  # bare name resolves in ./feature_sets
    assert fs.features[0].index == PLANT and fs.sae == {"path": str(sae_dir)}
    assert (tmp_path / "out" / "discovery" / "zz_off" / "summary.json").is_file()
    assert main(["features", "validate", "zz_off", *common]) == 0
    assert main(["features", "validate", "zz_off", "--model", "tiny-llama", "--sae", str(sae_dir),
                 "--hook", "blocks.1.hook_resid_post"]) == 2
    assert "key 'hook'" in capsys.readouterr().err
    # Against a run config: its model and the saes[] entry that names this set.
    import yaml

    run = {"model": {"name": "tiny-llama"}, "data": {"train": "pairs.jsonl"},
           "saes": [{"sae": {"path": str(sae_dir)}, "hook": HOOK, "feature_set": "zz_off"}]}
    (tmp_path / "run.yaml").write_text(yaml.safe_dump(run))
    assert main(["features", "validate", "zz_off", "--config", "run.yaml"]) == 0
    run["model"]["name"] = "tiny-gemma3"
    (tmp_path / "run.yaml").write_text(yaml.safe_dump(run))
    assert main(["features", "validate", "zz_off", "--config", "run.yaml"]) == 2
    assert "key 'model' = 'tiny-llama'" in capsys.readouterr().err
    assert main(["discover", "--domain", "json", "--target", str(tgt)]) == 2  # conflicting sources
    capsys.readouterr()
    # a bad selection option is refused, named as its flag, before any model or SAE loads
    assert main(["discover", "--domain", "json", "--top", "0", "--min-auroc", "0.4"]) == 2
    err = capsys.readouterr().err
    assert "--top 0" in err and "--min-auroc 0.4" in err


def test_plain_text_rows_skip_position_zero(planted):
    """A {"text"} row has no prompt; the byte tokenizer adds no BOS, so 'zzzz' is 4 tokens at
    positions 0..3 and position 0 (attention sink) is not scored: 3 tokens."""
    model, tok, sae = planted["model"], planted["tok"], planted["sae"]
    assert tok("", add_special_tokens=True)["input_ids"] == []
    ex = [Example("p0", "", "zzzz", "target", "train"), Example("p1", "", "ab", "control", "train")]
    stats = collect_feature_stats(model, tok, sae, ex, hook=HOOK, progress=False)
    assert stats.n_tokens.tolist() == [3.0, 1.0]
    assert stats.group_tokens["target", "train"] == 3 and stats.group_tokens["control", "train"] == 1


def test_discover_causal_plumbing(planted):
    """--causal with a metric that is always true: baseline rate 1, every ablated rate 1, so each
    selected feature's causal_effect is exactly 0; unselected features have none (NaN)."""
    model, tok, sae, examples = planted["model"], planted["tok"], planted["sae"], planted["examples"]
    cfg = DiscoveryConfig(top=2, progress=False, causal=True, causal_prompts=2, causal_max_new_tokens=2)
    result = discover(
        model, tok, sae, examples, name="z_off", hook=HOOK, model_name="tiny-llama", sae_spec={"path": "planted"},
        config=cfg, metric=lambda text: True, log=lambda _m: None,
    )
    causal = result.summary["causal"]
    assert causal["baseline_rate"] == 1.0 and causal["n_prompts"] == 2
    assert sorted(causal["per_feature"]) == sorted(result.selected)
    for f in result.selected:
        assert result.table[f]["causal_effect"] == 0.0
    assert math.isnan(result.table[next(i for i in range(D_SAE) if i not in result.selected)]["causal_effect"])
    assert result.feature_set.features[0].scores["causal_effect"] == 0.0


def test_cli_discover_never_overwrites_an_existing_feature_set(planted, tmp_path, monkeypatch, capsys):
    """A shipped set (a copy of feature_sets/french_off.yaml in a tmp ./feature_sets) stays byte for
    byte: discovery writes french_off-2.yaml, then french_off-3.yaml; --force replaces the named file."""
    from pathlib import Path

    import featurectl
    from featurectl.cli import main

    shipped = Path(featurectl.__file__).parent.parent / "feature_sets" / "french_off.yaml"
    sae_dir = tmp_path / "sae"
    planted["raw"].save_model(str(sae_dir))
    tgt, ctl = tmp_path / "zz.jsonl", tmp_path / "ab.jsonl"
    exs = planted["examples"]
    for path, side in ((tgt, "target"), (ctl, "control")):
        path.write_text("".join(json.dumps({"prompt": e.prompt, "response": e.response, "split": e.split}) + "\n"
                                for e in exs if e.side == side))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "feature_sets").mkdir()
    kept = tmp_path / "feature_sets" / "french_off.yaml"
    kept.write_bytes(shipped.read_bytes())
    args = ["discover", "--target", str(tgt), "--control", str(ctl), "--name", "french_off", "--model",
            "tiny-llama", "--sae", str(sae_dir), "--hook", HOOK, "--top", "4", "--no-progress"]
    for n in (2, 3):
        assert main(args) == 0
        out = capsys.readouterr().out
        assert f"feature_sets/french_off.yaml exists and is kept: writing feature_sets/french_off-{n}.yaml" in out
        assert kept.read_bytes() == shipped.read_bytes()
        assert (tmp_path / "feature_sets" / f"french_off-{n}.yaml").is_file()
    assert main([*args, "--force"]) == 0
    assert "replaced the old file" in capsys.readouterr().out
    assert kept.read_bytes() != shipped.read_bytes()
    assert not (tmp_path / "feature_sets" / "french_off-4.yaml").exists()
