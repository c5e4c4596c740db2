"""Preference data: formats, chat template, truncation rules, and errors that name the row."""

from __future__ import annotations

import json
import warnings

import pytest

from featurectl.pairs import PairCollator, PairDataset, load_rows, normalize_row, tokenize_pairs
from featurectl.errors import DataError


def test_string_and_message_rows_normalize_the_same():
    s = normalize_row({"prompt": "Hi", "chosen": "Hello!", "rejected": "Go away."}, 0)
    m = normalize_row({"prompt": [{"role": "user", "content": "Hi"}],
                       "chosen": [{"role": "assistant", "content": "Hello!"}],
                       "rejected": [{"role": "assistant", "content": "Go away."}]}, 0)
    assert s == m == ([{"role": "user", "content": "Hi"}], "Hello!", "Go away.")


def test_full_conversations_split_at_the_last_turn():
    conv = [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hey"},
            {"role": "user", "content": "Joke?"}]
    prompt, c, r = normalize_row({"chosen": conv + [{"role": "assistant", "content": "Ha."}],
                                  "rejected": conv + [{"role": "assistant", "content": "No."}]}, 3)
    assert prompt == conv and (c, r) == ("Ha.", "No.")


@pytest.mark.parametrize("row, message", [
    ({"prompt": "p", "chosen": "", "rejected": "x"}, "row 7: empty chosen response"),
    ({"prompt": "p", "chosen": "x", "rejected": "  "}, "row 7: empty rejected response"),
    ({"prompt": "", "chosen": "x", "rejected": "y"}, "row 7: empty prompt"),
    ({"prompt": "p", "chosen": "same", "rejected": "same"}, "row 7: chosen and rejected are identical"),
    ({"prompt": "p", "chosen": "x"}, "row 7: missing field 'rejected'"),
    ({"prompt": "p", "chosen": 3, "rejected": "y"}, "row 7: fields must be strings or lists of messages"),
])
def test_bad_rows_name_the_row(row, message):
    with pytest.raises(DataError, match=message):
        normalize_row(row, 7)


def test_sft_accepts_conversations_without_rejected():
    conv = [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello there."}]
    prompt, c, r = normalize_row({"messages": conv}, 0, require_rejected=False)
    assert prompt == conv[:1] and c == r == "Hello there."


def test_truncation_keeps_prompt_end_and_response_start(tokenizer):
    row = {"prompt": "A" * 50 + "QUESTION", "chosen": "yes" + "x" * 100, "rejected": "no"}
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        [pair] = tokenize_pairs(tokenizer, [row], max_prompt_length=20, max_length=40)
    assert any("rows 0" in str(x.message) and "truncated" in str(x.message) for x in w)
    assert len(pair.prompt_ids) == 20
    decoded = tokenizer.decode(pair.prompt_ids)  # the end of the prompt (and the template) survives
    assert decoded.endswith("N<|im_end|>\n<|im_start|>assistant\n") and not decoded.startswith("<|im_start|>")
    assert len(pair.chosen_ids) == 20 and tokenizer.decode(pair.chosen_ids).startswith("yes")
    with pytest.raises(DataError, match=r"1 pair\(s\) exceed .* \(rows 0\)"):
        tokenize_pairs(tokenizer, [row], max_prompt_length=20, max_length=40, on_overlong="error")
    with pytest.raises(DataError, match="no pairs left"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tokenize_pairs(tokenizer, [row], max_prompt_length=20, max_length=40, on_overlong="drop")


def test_chat_template_is_applied(tokenizer):
    [pair] = tokenize_pairs(tokenizer, [{"prompt": "Hi", "chosen": "Yo", "rejected": "No"}],
                            max_prompt_length=64, max_length=128)
    assert tokenizer.decode(pair.prompt_ids) == "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n"
    assert tokenizer.decode(pair.chosen_ids) == "Yo<|im_end|>\n"


def test_collator_masks_only_response_tokens(tokenizer):
    pairs = tokenize_pairs(tokenizer, [{"prompt": "Hi", "chosen": "Yo", "rejected": "Nope"}],
                           max_prompt_length=64, max_length=128)
    batch = PairCollator(tokenizer.pad_token_id)([PairDataset(pairs)[0]])
    n_prompt = len(pairs[0].prompt_ids)
    assert batch["input_ids"].shape[0] == 2  # chosen then rejected
    assert batch["response_mask"][0].sum() == len(pairs[0].chosen_ids)
    assert not batch["response_mask"][:, :n_prompt].any()
    assert batch["response_mask"][1].sum() == len(pairs[0].rejected_ids)
    pad = batch["attention_mask"][0] == 0
    assert not batch["response_mask"][0][pad].any()


def test_load_rows_errors(tmp_path):
    empty = tmp_path / "e.jsonl"
    empty.write_text("")
    with pytest.raises(DataError, match="file is empty"):
        load_rows(str(empty))
    with pytest.raises(DataError, match="not found"):
        load_rows(str(tmp_path / "missing.jsonl"))
    with pytest.raises(DataError, match="unsupported file type"):
        bad = tmp_path / "x.txt"
        bad.write_text("hi")
        load_rows(str(bad))
    good = tmp_path / "g.jsonl"
    good.write_text(json.dumps({"prompt": "p", "chosen": "a", "rejected": "b"}) + "\n")
    assert load_rows(str(good)) == [{"prompt": "p", "chosen": "a", "rejected": "b"}]


def test_builtin_sources():
    french = load_rows("builtin:french")
    held = load_rows("builtin:french:heldout")
    assert len(french) > 150 and len(held) > 30
    assert not {r["id"] for r in french} & {r["id"] for r in held}
    assert len(load_rows("builtin:helpful")) >= 100
    with pytest.raises(DataError, match="unknown built-in data"):
        load_rows("builtin:klingon")
