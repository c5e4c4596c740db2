"""The control protocol runner: cell scoring by hand, and end to end on tiny models with fixture prompts."""

import copy
import json

import pytest

from featurectl.evaluation.intervals import newcombe_diff
from featurectl.evaluation.protocol import cell_tokens, protocol_markdown, rescore, run_protocol, score_cells


def test_score_cells_by_hand():
    """5 answers; IFEval checks count only prompts that carry their instruction id:
    json 1/5; french 1/5; capital on prompts {2} -> 1/1; quotation on prompts {3, 4} -> 1/2."""
    texts = ['{"answer": 1}', "Je pense que la réponse est très simple et claire.", "HELLO THERE FRIEND",
             '"a quoted answer"', "an unquoted answer"]
    prompts = [{"prompt": "x"}, {"prompt": "x"}, {"prompt": "x", "instruction_ids": ["change_case:english_capital"]},
               {"prompt": "x", "instruction_ids": ["startend:quotation"]},
               {"prompt": "x", "instruction_ids": ["startend:quotation"]}]
    got = score_cells(texts, prompts, ["json", "french", "capital", "quotation"])
    assert {k: (v["k"], v["n"]) for k, v in got.items()} == {"json": (1, 5), "french": (1, 5), "capital": (1, 1),
                                                           "quotation": (1, 2)}
    assert got["json"]["ci95"] == pytest.approx([0.036224, 0.624470], abs=1e-5)  # Wilson 1/5


@pytest.fixture
def root(tmp_path):
    d = tmp_path / "bench" / "alpaca_eval"
    d.mkdir(parents=True)
    rows = [{"instruction": f"Tell me one fact about item {i}.", "output": "", "generator": "", "dataset": "ours"}
            for i in range(6)]
    (d / "alpaca_eval_gpt4_baseline.json").write_text(json.dumps(rows))
    return tmp_path / "bench"


def test_run_protocol_end_to_end_on_tiny_models(root, tokenizer):
    from featurectl.tiny import tiny_llama

    models = {"a": tiny_llama(seed=1), "b": tiny_llama(seed=2), "c": tiny_llama(seed=0)}
    general = [{"prompt": f"q{i}", "chosen": "a good long answer", "rejected": "bad"} for i in range(4)]
    logs = []
    res = run_protocol(models, tokenizer, "french", n=5, max_new_tokens=4, batch_size=2, root=root,
                       heldout_general=general, max_length=64, log=logs.append)
    cells = {c["metric"]: c for c in res["cells"]}
    assert list(cells) == ["french", "german", "italian", "positive", "degenerate"]
    fr = cells["french"]
    assert fr["source"] == "alpaca_eval" and not fr["fallback"]
    assert [fr["rates"][k]["n"] for k in "abc"] == [5, 5, 5]
    ra, rb = fr["rates"]["a"], fr["rates"]["b"]
    assert fr["diffs"]["a-b"] == newcombe_diff(ra["k"], ra["n"], rb["k"], rb["n"])
    assert sorted(fr["diffs"]) == ["a-b", "a-c", "b-c"]
    assert [len(res["samples"][k]["alpaca_eval"]) for k in "abc"] == [5, 5, 5]
    # the rates are the verdicts on the returned samples
    for k in "abc":
        again = score_cells(res["samples"][k]["alpaca_eval"], [{"prompt": ""}] * 5, ["positive"])["positive"]
        assert again == cells["positive"]["rates"][k]
    # what re-judging needs of each prompt, and never its text (benchmark text stays out of results)
    assert [set(p) for p in res["prompts"]["alpaca_eval"]] == [{"id", "instruction_ids"}] * 5
    assert copy.deepcopy(res)["cells"] == rescore(copy.deepcopy(res))["cells"]
    assert [res["preference"]["general"]["rates"][k]["n"] for k in "abc"] == [4, 4, 4]
    assert res["preference"]["domain"]["rates"] == {}
    assert res["settings"]["prompt_sets"]["alpaca_eval"]["n_available"] == 6
    # greedy: the same call gives the same answers
    res2 = run_protocol({"a": models["a"]}, tokenizer, "french", n=5, max_new_tokens=4, batch_size=3, root=root,
                        log=logs.append)
    assert res2["samples"]["a"] == res["samples"]["a"]
    md = protocol_markdown(res, {"a": "uniform", "b": "french_off", "c": "reference"})
    assert "| **french** | alpaca_eval |" in md and "(b) french_off" in md and "WARNING" not in md


def test_run_protocol_labels_a_fallback(tmp_path, tokenizer):
    from featurectl.tiny import tiny_llama

    logs = []
    res = run_protocol({"a": tiny_llama(seed=1)}, tokenizer, "french", n=3, max_new_tokens=2, root=tmp_path / "none",
                       log=logs.append)
    assert res["cells"][0]["source"] == "corpus:french:heldout (fallback for alpaca_eval)"
    assert res["cells"][0]["fallback"] and any("WARNING" in m for m in logs)
    assert "WARNING" in protocol_markdown(res)


def test_json_answers_get_room_to_close(root, tokenizer):
    """24 new tokens gave 0/100 parseable JSON for every model (results/experiments/control_json_small_2026-11-30):
    a cell that scores JSON generates at least 128 tokens, in any domain; other cells keep the caller's budget."""
    from featurectl.domains import DOMAINS
    from featurectl.tiny import tiny_llama

    assert DOMAINS["json"].protocol_min_tokens == 128 and DOMAINS["french"].protocol_min_tokens == 0
    assert cell_tokens(("json", "french"), 24) == 128 and cell_tokens(("french", "positive"), 24) == 24
    assert cell_tokens(("json",), 200) == 200
    model = {"a": tiny_llama(seed=1)}
    cells = (("alpaca_eval", ("json",)), ("domain:french", ("french",)))
    for domain in ("json", "french"):
        res = run_protocol(model, tokenizer, domain, n=2, max_new_tokens=4, batch_size=2, root=root, cells=cells,
                           log=lambda _: None)
        assert res["settings"]["new_tokens"] == {"alpaca_eval": 128, "domain:french": 4}
    with pytest.raises(ValueError, match="alpaca_eval appears in two cells"):
        run_protocol(model, tokenizer, "json", n=2, root=root, cells=cells[:1] * 2, log=lambda _: None)


def test_reference_answers_are_generated_once_per_experiment(root, tokenizer, monkeypatch):
    """A loaded model (the reference) answers a prompt set once per settings across domains; run directories
    (trained models, reloaded per domain) are never cached."""
    from featurectl.evaluation import generate as gen_mod
    from featurectl.tiny import tiny_llama

    calls = []
    real = gen_mod.generate
    monkeypatch.setattr(gen_mod, "generate", lambda *a, **k: calls.append(k["max_new_tokens"]) or real(*a, **k))
    ref, cache = tiny_llama(seed=0), {}
    first = run_protocol({"c": ref}, tokenizer, "french", n=3, max_new_tokens=4, batch_size=2, root=root,
                         answer_cache=cache, log=lambda _: None)
    second = run_protocol({"c": ref}, tokenizer, "sentiment", n=3, max_new_tokens=4, batch_size=2, root=root,
                          answer_cache=cache, log=lambda _: None)
    assert calls == [4] and len(cache) == 1
    assert first["samples"]["c"]["alpaca_eval"] == second["samples"]["c"]["alpaca_eval"]
    run_protocol({"c": ref}, tokenizer, "french", n=3, max_new_tokens=5, batch_size=2, root=root,
                 answer_cache=cache, log=lambda _: None)
    assert calls == [4, 5]  # other settings: generated again


def test_rescore_rejudges_saved_answers(root, tokenizer):
    """Answers made where a judge was missing (the GPU machine has no lingua) are re-judged from the saved
    samples: rates, k and the Newcombe differences follow the new verdicts; preference accuracy is kept."""
    from featurectl.tiny import tiny_llama

    res = run_protocol({"a": tiny_llama(seed=1), "b": tiny_llama(seed=2)}, tokenizer, "json", n=4, max_new_tokens=2,
                       batch_size=2, root=root, cells=(("alpaca_eval", ("json",)),), log=lambda _: None)
    res["samples"]["a"]["alpaca_eval"] = ['{"a": 1}', '{"b": [1, 2]}', "no", '{"c": null}']
    res["samples"]["b"]["alpaca_eval"] = ["no"] * 4
    rescore(res)
    rates = res["cells"][0]["rates"]
    assert (rates["a"]["k"], rates["a"]["n"], rates["b"]["k"]) == (3, 4, 0)
    assert res["cells"][0]["diffs"]["a-b"] == newcombe_diff(3, 4, 0, 4)
    # a metric added to the domain's cells since (degenerate) is scored from the same answers
    assert [c["metric"] for c in res["cells"]] == ["json", "french", "positive"]  # json's alpaca_eval cell
    res["domain"] = "french"
    res["samples"]["b"]["alpaca_eval"] = ["the the the the the the the the the"] * 4
    rescore(res)
    new = {c["metric"]: c for c in res["cells"]}
    assert set(new) == {"json", "french", "german", "italian", "positive", "degenerate"}
    assert (new["degenerate"]["rates"]["b"]["k"], new["degenerate"]["rates"]["a"]["k"]) == (4, 0)
    assert new["degenerate"]["diffs"]["a-b"] == newcombe_diff(0, 4, 4, 4)
    res["samples"]["b"]["alpaca_eval"] = ["no"] * 3
    with pytest.raises(ValueError, match="3 answers of \\(b\\) on alpaca_eval for 4 prompts"):
        rescore(res)
    with pytest.raises(ValueError, match="no saved answers"):
        rescore({"domain": "json", "cells": []})


def test_each_domain_targets_the_capability_its_off_set_switches_off():
    """The targeted rate is the capability itself (refusal for safety, not its complement attack success),
    so the control experiment's >= 10x goal reads (a) over (b) in the right direction."""
    from featurectl.evaluation.protocol import target

    assert {d: target(d) for d in ("json", "french", "safety", "sentiment")} == {
        "json": ("alpaca_eval+ifeval_json_instruction", "json"), "french": ("alpaca_eval", "french"),
        "safety": ("advbench", "refusal"), "sentiment": ("alpaca_eval", "positive")}


def test_degenerate_answers_are_scored_in_every_domain():
    """Measured collapse (positive_off at 80 steps): every answer "the the the ...": positive 0%, negative 0%.
    The protocol scores collapsed answers beside every domain's targeted cell."""
    from featurectl.domains import DOMAINS
    from featurectl.evaluation.control import is_degenerate
    from featurectl.evaluation.protocol import domain_cells

    assert is_degenerate("the the the the the the the the the the")
    assert is_degenerate("") and is_degenerate("   ")
    assert not is_degenerate("The way US states are named is a centuries-old tradition with a rich history.")
    assert not is_degenerate("Yes.")  # short answers are not collapses
    assert is_degenerate("Paris paris PARIS paris, Paris. paris paris the city")  # 7 of 10 words
    assert not is_degenerate("a b a c a d e f g h")  # 3 of 10: a word repeated, not a collapse
    for d in DOMAINS:
        cells = domain_cells(d)
        assert cells[0][1][-1] == "degenerate" and cells[0][1][:-1] == DOMAINS[d].protocol_cells()[0][1]
        assert sum(ms.count("degenerate") for _, ms in cells) == 1
    got = score_cells(["the the the the the the the the", "A real answer with several words in it."],
                      [{"prompt": ""}] * 2, ["degenerate"])
    assert (got["degenerate"]["k"], got["degenerate"]["n"]) == (1, 2)
