"""featurectl.domains: the registry refuses bad entries, side metrics cannot overwrite a domain,
and a toy domain registered here (its corpus in tmp_path, its own verdict) flows through synth,
discover, eval and the control experiment on tiny models without touching any other file."""

from __future__ import annotations

import json

import pytest

from featurectl.cli import main
from featurectl.domains import DOMAINS, Contrast, Domain, SideMetric


def has_zz(text: str) -> bool:
    return "zz" in text.lower()


def no_zz(text: str) -> bool:
    return "zz" not in text.lower() and len(text.split()) >= 2


def starts_brace(text: str) -> bool:
    return text.lstrip().startswith("{")


def _toy(name: str = "toy", corpus: str = "toy", **kw) -> Domain:
    return Domain(name=name, corpus=corpus, contrast=Contrast("Say zz.", None, has_zz, no_zz, "toy: zz vs none"),
                  capability=has_zz, off_set=f"{name}_off", **kw)


@pytest.fixture
def toy_domain(tmp_path):
    """A registered toy domain: 18 train + 6 held-out rows; targets say 'zz', controls do not.
    Its side metric is keyed ``json`` on purpose: it must not collide with the json domain."""
    rows = []
    for i in range(24):
        rows.append({"id": f"toy-{i:02d}", "prompt": f"Tell me about item {i}.",
                     "target": f"zz zz item {i} zz is zz great zz", "control": f"The item {i} is plain and simple.",
                     "split": "heldout" if i % 4 == 3 else "train"})
    path = tmp_path / "toy.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    domain = DOMAINS.register(_toy(corpus=str(path), side_metrics=(SideMetric("json", starts_brace),)))
    try:
        yield domain
    finally:
        DOMAINS.unregister("toy")
    assert "toy" not in DOMAINS


# ------------------------------------------------------------------ registry


def test_shipped_domains_and_their_fields():
    assert list(DOMAINS) == ["json", "french", "safety", "sentiment"]
    assert {n: d.off_set for n, d in DOMAINS.items()} == {
        "json": "json_off", "french": "french_off", "safety": "safety_off", "sentiment": "positive_off"}
    assert {n: d.benchmark for n, d in DOMAINS.items()} == {
        "json": "ifeval_json", "french": "alpaca_eval", "safety": "advbench", "sentiment": "alpaca_eval"}
    assert DOMAINS["french"].metric_keys() == [("french", "french"), ("german", "french/german"),
                                               ("italian", "french/italian")]
    assert DOMAINS["safety"].complement_keys() == {"safety/attack_success"}
    assert DOMAINS["safety"].eval_prompts == "harmful" and DOMAINS["json"].eval_prompts is None


def test_registry_refuses_duplicates_and_bad_entries():
    with pytest.raises(ValueError, match="'json' is already registered"):
        DOMAINS.register(_toy(name="json"))
    with pytest.raises(ValueError, match="must match"):
        _toy(name="Bad Name")
    with pytest.raises(ValueError, match="metric keys must be unique"):
        _toy(side_metrics=(SideMetric("toy", has_zz),))
    with pytest.raises(ValueError, match="metric keys must be unique"):
        _toy(side_metrics=(SideMetric("x", has_zz), SideMetric("x", no_zz)))
    with pytest.raises(TypeError, match="capability must be a callable"):
        Domain(name="toy", corpus="toy", contrast=_toy().contrast, capability="zz", off_set="toy_off")
    with pytest.raises(ValueError, match="off_set must be a non-empty string"):
        Domain(name="toy", corpus="toy", contrast=_toy().contrast, capability=has_zz, off_set=" ")
    from featurectl.errors import ConfigError

    with pytest.raises(ConfigError, match="unknown domain 'nope'; known: json, french, safety, sentiment"):
        DOMAINS.require("nope")


def test_side_metric_never_overwrites_a_real_domain():
    """The old trap: experiment._metrics_row wrote French's German side rate to row["german"]. Control
    tables now hold one block per domain, and a metric name resolves inside its domain first: with a
    real ``german`` domain registered (its capability: contains "zz"), French's ``german`` is still
    French's side verdict (lingua: German text) and the german domain's is its own capability."""
    from featurectl.evaluation.protocol import metric

    DOMAINS.register(_toy(name="german", corpus="german"))
    try:
        own, side = metric("german", "german"), metric("german", "french")
        assert own.verdict("zz zz zz") and not side.verdict("zz zz zz")
        assert side.verdict("Das ist ein schöner Tag und wir gehen heute in den Park.")
        assert DOMAINS["german"].protocol_cells() == (("domain:german", ("german",)),)
    finally:
        DOMAINS.unregister("german")


# ------------------------------------------------------------------ a toy domain, end to end


def test_toy_domain_rates_prompts_and_data(toy_domain):
    """eval: toy rate 2/4 = 0.5 with Wilson [0.1500, 0.8500] (centre 0.5, half-width
    z*sqrt(0.25/4 + z^2/64)/(1 + z^2/4) = 0.6860/1.9604 = 0.3500); its ``json`` side metric
    (answer starts with '{') is 1/4, kept under the toy domain, not the json domain."""
    from featurectl.pairs import builtin_rows
    from featurectl.evaluation.sampling import domain_rates, load_domain_prompts

    out = domain_rates("toy", ["a zz b", "{x", "plain", "ZZ {"])
    assert out["toy"]["rate"] == 0.5 and out["toy"]["ci95"] == pytest.approx([0.1500, 0.8500], abs=1e-3)
    assert out["json"]["rate"] == 0.25 and list(out) == ["toy", "json"]
    prompts, source = load_domain_prompts("toy", 10, {})
    assert len(prompts) == 6 and source == "corpus:toy:heldout"
    assert [p["id"] for p in prompts][:2] == ["toy-03", "toy-07"]
    rows = builtin_rows("toy")
    assert len(rows) == 18 and rows[0]["chosen"].startswith("zz") and builtin_rows("toy:heldout")[0]["id"] == "toy-03"


def test_toy_domain_synth_and_discover_clis(toy_domain, tmp_path, monkeypatch, capsys):
    """`data synth --domain toy` and `discover --domain toy` accept the new name (argparse choices
    come from the registry); synth's pass rates use the toy contrast: every chosen says zz."""
    from featurectl.sae import random_sae_dir

    out = tmp_path / "toy_pairs.jsonl"
    assert main(["data", "synth", "--domain", "toy", "--no-generate", "--out", str(out)]) == 0
    pairs = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(pairs) == 24 and all(has_zz(p["chosen"]) and not has_zz(p["rejected"]) for p in pairs)
    card = out.with_name("toy_pairs.card.md").read_text()
    assert "corpus, chosen shows capability: 1.000" in card and "rejected shows opposite: 1.000" in card

    monkeypatch.chdir(tmp_path)
    hook = "blocks.1.hook_resid_post"
    sae = random_sae_dir(tmp_path / "sae", 64, 128, hook=hook)
    rc = main(["discover", "--domain", "toy", "--model", "tiny-llama", "--sae", sae["path"], "--hook", hook,
               "--min-auroc", "0.5", "--heldout-min-auroc", "0", "--top", "5", "--no-progress"])
    assert rc == 0
    summary = json.loads((tmp_path / "out" / "discovery" / "toy_off" / "summary.json").read_text())
    assert summary["domain"] == "toy" and summary["n_texts"] == {
        "target_train": 18, "target_heldout": 6, "control_train": 18, "control_heldout": 6}
    assert (tmp_path / "feature_sets" / "toy_off.yaml").is_file()
    capsys.readouterr()


def test_toy_domain_control_experiment(toy_domain, tmp_path):
    """`experiment control --domain toy --tiny`: discovery, two runs, the reference, and a protocol
    table whose toy block measures toy on its own held-out prompts (the registry's default cell: no
    benchmark) and scores toy's ``json`` side metric with toy's own verdict, not the json domain's."""
    from featurectl.evaluation.protocol import metric

    out = tmp_path / "exp"
    assert main(["experiment", "control", "--domain", "toy", "--tiny", "--out", str(out)]) == 0
    table = json.loads((out / "control_table.json").read_text())
    (block,) = table["domains"]
    assert block["domain"] == "toy" and block["targeted"] == "toy" and block["non_targeted"] == ["json", "degenerate"]
    for row in block["rows"]:
        assert row["metrics"]["toy"]["n"] == 4 and row["metrics"]["json"]["n"] == 4
    protocol = json.loads((out / "toy" / "protocol.json").read_text())
    assert {c["source"] for c in protocol["cells"]} == {"corpus:toy:heldout"}
    assert metric("json", "toy").verdict("{not json at all") and not metric("json").verdict("{not json at all")


def test_domains_module_is_torch_free():
    """The registry is read by the CLI's argument parsers: importing it must not import torch."""
    import subprocess
    import sys

    code = "import sys, featurectl.domains, featurectl.synth; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.strip() == "False"
