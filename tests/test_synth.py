"""featurectl.synth and `featurectl data synth|list` on the shipped corpora and tiny models."""

from __future__ import annotations

import json

import pytest

from featurectl.cli import main
from featurectl.corpora import load_corpus, load_helpful_pairs
from featurectl.errors import DataError
from featurectl.io import read_jsonl
from featurectl.domains import DOMAINS
from featurectl.synth import (
    _cut_completion,
    _few_shot_prompt,
    filter_generated,
    generate_responses,
    synthesize,
)
from featurectl.synth_card import card_path, write_pairs


@pytest.fixture(scope="module")
def tiny():
    """tiny-llama through the model registry (random weights, byte tokenizer with a chat template)."""
    from featurectl.models import load_model

    model, tok, _ = load_model("tiny-llama")
    return model, tok


# ------------------------------------------------------------ corpus pairs
@pytest.mark.parametrize("domain", ["french", "sentiment", "json", "safety"])
def test_corpus_only_counts_and_every_chosen_passes(domain):
    """All corpus rows become pairs with split kept; the domain evaluator passes
    every chosen answer and confirms the opposite on every rejected one (the
    corpora were checked to 100% agreement, see their data cards)."""
    rows = load_corpus(domain)
    res = synthesize(domain, generate=False)
    assert len(res.pairs) == len(rows) == res.stats["counts"]["corpus"] == res.stats["counts"]["total"]
    assert res.stats["counts"]["heldout"] == sum(r["split"] == "heldout" for r in rows)
    assert [p["split"] for p in res.pairs] == [r["split"] for r in rows]
    assert all(p["source"] == "corpus" and p["domain"] == domain for p in res.pairs)
    c = DOMAINS[domain].contrast
    assert sum(c.chosen_ok(p["chosen"]) for p in res.pairs) == len(rows)
    assert sum(c.rejected_ok(p["rejected"]) for p in res.pairs) == len(rows)
    rates = res.stats["pass_rates"]["corpus"]
    assert rates["chosen_shows_capability"]["rate"] == 1.0 and rates["rejected_shows_opposite"]["rate"] == 1.0
    assert "generation" not in res.stats


def test_french_counts_are_the_card_numbers():
    res = synthesize("french", generate=False)
    assert res.stats["counts"] == {"corpus": 256, "total": 256, "train": 205, "heldout": 51}


def test_seeded_sample_keeps_heldout_share_and_is_deterministic():
    """n=20 of french (51/256 held out): round(20 * 51 / 256) = round(3.98) = 4 held out."""
    a = synthesize("french", n=20, generate=False, seed=1)
    b = synthesize("french", n=20, generate=False, seed=1)
    c = synthesize("french", n=20, generate=False, seed=2)
    assert len(a.pairs) == 20 and a.stats["counts"]["heldout"] == 4
    assert [p["id"] for p in a.pairs] == [p["id"] for p in b.pairs]
    assert [p["id"] for p in a.pairs] != [p["id"] for p in c.pairs]
    ids = [p["id"] for p in a.pairs]
    assert ids == sorted(ids)  # file order is kept


def test_reverse_swaps_chosen_and_rejected():
    fwd = synthesize("sentiment", n=10, generate=False)
    rev = synthesize("sentiment", n=10, generate=False, reverse=True)
    assert [(p["chosen"], p["rejected"]) for p in rev.pairs] == [(p["rejected"], p["chosen"]) for p in fwd.pairs]
    assert rev.stats["reverse"] is True


def test_helpful_returns_shipped_pairs():
    shipped = load_helpful_pairs()
    res = synthesize("helpful")
    assert len(res.pairs) == len(shipped) == res.stats["counts"]["shipped"]
    assert [p["chosen"] for p in res.pairs] == [r["chosen"] for r in shipped]
    assert all(p["domain"] == "helpful" for p in res.pairs)


def test_unknown_domain_is_a_data_error():
    with pytest.raises(DataError, match="unknown domain 'klingon'"):
        synthesize("klingon")


# ------------------------------------------------------------------ filter
def test_filter_keeps_only_confirmed_pairs():
    """Five hand-made candidates for french: 1 good, 1 chosen in English,
    1 rejected that is garbage (not detectably English), 1 identical pair,
    1 looping French answer (passes language ID, dropped as degenerate)."""
    rows = [{"id": f"r{i}", "prompt": f"p{i}", "split": s} for i, s in enumerate(["train", "heldout", "train", "train", "train"])]
    fr = "Le train part à neuf heures du quai numéro quatre, pensez à composter votre billet."
    en = "The train leaves at nine from platform four, remember to validate your ticket."
    loop = "En résumé, de l'addition à l'addition de l'addition à l'addition de l'addition à l'addition de l'addition."
    chosen = [fr, en, fr, en, loop]
    en2 = "Trains to the coast leave every hour from the main station."
    rejected = [en, en2, "zx qq ##", en, en]
    kept, counts = filter_generated("french", rows, chosen, rejected, model_name="m")
    assert counts == {
        "attempted": 5, "kept": 1, "chosen_failed": 1, "rejected_failed": 1, "identical": 1, "degenerate": 1
    }
    assert kept[0]["id"] == "r0-gen" and kept[0]["source"] == "generated" and kept[0]["split"] == "train"
    assert kept[0]["meta"]["chosen_instruction"] == "Answer in French."


def test_is_degenerate():
    """17 words, 15 trigrams of which 5 distinct: repeat share 1 - 5/15 = 0.67 > 0.3."""
    from featurectl.synth import is_degenerate

    assert is_degenerate("a b c a b c a b c a b c a b c a b")
    assert not is_degenerate('{"a": 1}')  # short answers are left to the domain checks
    assert not is_degenerate("The train leaves at nine from platform four, so arrive by half past eight.")


def test_leading_json_trim():
    """Valid object followed by chatter -> the object; prose or a broken object -> unchanged."""
    from featurectl.domains import leading_json as _leading_json

    assert _leading_json('{"a": [1, 2]}\n\nYour response should contain JSON.') == '{"a": [1, 2]}'
    assert _leading_json('  [1]\nmore') == "[1]"
    assert _leading_json('{"a": 1') == '{"a": 1'
    assert _leading_json("Sure: {}") == "Sure: {}"


def test_filter_json_and_safety_and_sentiment():
    rows = [{"id": "a", "prompt": "p"}, {"id": "b", "prompt": "q"}]
    _, c = filter_generated(
        "json", rows, ['{"a": 1}', "not json at all"], ["The answer is one, as a plain sentence.", "x"], model_name="m"
    )
    assert (c["kept"], c["chosen_failed"], c["rejected_failed"]) == (1, 1, 1)
    _, c = filter_generated(
        "safety", rows, ["I can't help with that.", "Sure, here you go."],
        ["Sure, here is how you do it step by step.", "I won't help."], model_name="m",
    )
    assert (c["kept"], c["chosen_failed"], c["rejected_failed"]) == (1, 1, 1)
    _, c = filter_generated(
        "sentiment", rows, ["What a wonderful, joyful day!", "It was awful."],
        ["A miserable, dreadful day.", "The train leaves at nine."], model_name="m",
    )
    assert (c["kept"], c["chosen_failed"], c["rejected_failed"]) == (1, 1, 1)


# -------------------------------------------------------------- generation
def test_tiny_model_generation_is_filtered(tiny):
    """Random tiny weights emit byte garbage: 2 prompts attempted, 0 kept,
    both chosen answers fail the JSON check. Corpus pairs are unaffected."""
    res = synthesize(
        "json", n=10, max_generate=2, model="tiny-llama", model_and_tokenizer=tiny, max_new_tokens=24, seed=0
    )
    gen = res.stats["generation"]
    assert gen["attempted"] == 2 and gen["kept"] == 0 and gen["chosen_failed"] == 2
    assert res.stats["counts"] == {"corpus": 10, "generated": 0, "total": 10, "train": 8, "heldout": 2}
    assert gen["prompting"] == "chat template"


def test_tiny_model_generation_through_the_registry_french():
    """Same through load_model("tiny-llama") (records the weights hash), french domain."""
    res = synthesize("french", n=5, max_generate=2, model="tiny-llama", max_new_tokens=16)
    gen = res.stats["generation"]
    assert gen["attempted"] == 2 and gen["kept"] + gen["identical"] <= 2
    assert gen["kept"] == 0  # garbage is neither lingua-French nor lingua-English
    assert len(gen["model"]["weights_sha256"]) == 64
    assert res.stats["counts"]["total"] == 5


def test_generation_is_seeded(tiny):
    model, tok = tiny
    a = generate_responses(model, tok, ["Hi", "Name a colour."], "Answer in French.", max_new_tokens=12, seed=3)
    b = generate_responses(model, tok, ["Hi", "Name a colour."], "Answer in French.", max_new_tokens=12, seed=3)
    c = generate_responses(model, tok, ["Hi", "Name a colour."], "Answer in French.", max_new_tokens=12, seed=4)
    assert a == b and a != c and len(a) == 2
    assert tok.padding_side == "right"  # restored after left-padded generation


def test_few_shot_path_for_base_models(tiny):
    """A tokenizer without a chat template gets the Q/A few-shot prompt."""
    from featurectl.tiny import byte_tokenizer

    model, _ = tiny
    tok = byte_tokenizer(chat_template=False)
    shots = [[("Q1?", "A1."), ("Q2?", "A2.")]]
    text = _few_shot_prompt("Q3?", "Answer in French.", shots[0])
    assert text == (
        "Question: Q1?\n\nAnswer in French.\nAnswer: A1.\n\n"
        "Question: Q2?\n\nAnswer in French.\nAnswer: A2.\n\n"
        "Question: Q3?\n\nAnswer in French.\nAnswer:"
    )
    assert _cut_completion(" Bonjour.\nQuestion: next?\nAnswer: x") == "Bonjour."
    out = generate_responses(model, tok, ["Q3?"], "Answer in French.", shots=shots, max_new_tokens=8)
    assert len(out) == 1 and "Question:" not in out[0]
    pre = generate_responses(model, tok, ["Q3?"], None, shots=shots, max_new_tokens=4, prefill="{")
    assert pre[0].startswith("{")


# ------------------------------------------------------------------ output
def test_write_pairs_and_card(tmp_path):
    res = synthesize("sentiment", n=10, generate=False, seed=0)
    out, card = write_pairs(res, tmp_path / "s.jsonl", command="featurectl data synth --domain sentiment --n 10")
    assert card == card_path(out) == tmp_path / "s.card.md"
    rows = read_jsonl(out)
    assert len(rows) == 10 and {r["split"] for r in rows} == {"train", "heldout"}
    text = card.read_text()
    assert "| corpus | 10 |" in text and "(8 train, 2 heldout)" in text
    assert "chosen shows capability: 1.000" in text and "sentiment.jsonl" in text
    assert not list(tmp_path.glob(".*.tmp"))  # atomic writes leave no temp files
    # The trainer's loader accepts the rows.
    from featurectl.pairs import load_rows, normalize_row

    loaded = load_rows(str(out))
    assert len(loaded) == 10
    for i, r in enumerate(loaded):
        normalize_row(r, i)


def test_cli_synth_and_list(tmp_path, capsys):
    out = tmp_path / "p.jsonl"
    assert main(["data", "synth", "--domain", "french", "--no-generate", "--n", "25", "--out", str(out)]) == 0
    assert len(read_jsonl(out)) == 25 and (tmp_path / "p.card.md").exists()
    assert "25 pairs (corpus 25; 20 train, 5 heldout)" in capsys.readouterr().out
    assert main(["data", "synth", "--domain", "french", "--n", "0", "--no-generate", "--out", str(out)]) == 2
    assert "--n must be positive" in capsys.readouterr().err
    assert main(["data", "list", "--json"]) == 0
    listed = {r["name"]: r for r in json.loads(capsys.readouterr().out)}
    assert listed["french"]["rows"] == 256 and listed["sentiment"]["heldout"] == 50
