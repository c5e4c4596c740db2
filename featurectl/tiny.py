"""Tiny random models, a hub-free byte-level tokenizer and random SAEs.

Used by the tests and by ``featurectl demo --tiny``; registered in the model
registry as ``tiny-llama`` and ``tiny-gemma3``. Everything is built from a config
and a seed, offline, in well under a second.
"""

from __future__ import annotations

import torch

CHAT_TEMPLATE = (
    "{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)
SPECIAL_TOKENS = ["<pad>", "<bos>", "<eos>", "<|im_start|>", "<|im_end|>"]


def byte_tokenizer(chat_template: bool = True):
    """A 261-token byte-level BPE tokenizer (256 bytes + 5 specials), no hub access."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    byte_chars = pre_tokenizers.ByteLevel.alphabet()
    vocab = {tok: i for i, tok in enumerate(SPECIAL_TOKENS)}
    for ch in sorted(byte_chars):
        vocab[ch] = len(vocab)
    tok = Tokenizer(models.BPE(vocab=vocab, merges=[]))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)
    tok.decoder = decoders.ByteLevel()
    tok.add_special_tokens(SPECIAL_TOKENS)
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok, pad_token="<pad>", bos_token="<bos>", eos_token="<eos>", model_max_length=4096
    )
    if chat_template:
        fast.chat_template = CHAT_TEMPLATE
    return fast


def _shape(vocab_size: int, hidden_size: int, num_layers: int) -> dict:
    """Config keys every tiny model shares (4 heads, 2 KV heads, byte-tokenizer special ids)."""
    return dict(vocab_size=vocab_size, hidden_size=hidden_size, intermediate_size=hidden_size * 2,
                num_hidden_layers=num_layers, num_attention_heads=4, num_key_value_heads=2,
                max_position_embeddings=512, pad_token_id=0, bos_token_id=1, eos_token_id=2)


def tiny_llama(vocab_size: int = 261, hidden_size: int = 64, num_layers: int = 2, seed: int = 0):
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(seed)
    cfg = LlamaConfig(**_shape(vocab_size, hidden_size, num_layers), tie_word_embeddings=True)
    return LlamaForCausalLM(cfg).eval()


def tiny_gemma3(vocab_size: int = 261, hidden_size: int = 64, num_layers: int = 2, seed: int = 0):
    from transformers import Gemma3ForCausalLM, Gemma3TextConfig

    torch.manual_seed(seed)
    cfg = Gemma3TextConfig(**_shape(vocab_size, hidden_size, num_layers), head_dim=16, sliding_window=64)
    return Gemma3ForCausalLM(cfg).eval()


def tiny_gemma2(vocab_size: int = 261, hidden_size: int = 64, num_layers: int = 2, seed: int = 0,
                final_logit_softcapping: float = 30.0):
    """Gemma-2 with final-logit soft-capping (z = c tanh(x / c)) and eager attention."""
    from transformers import Gemma2Config, Gemma2ForCausalLM

    torch.manual_seed(seed)
    cfg = Gemma2Config(**_shape(vocab_size, hidden_size, num_layers), head_dim=16, sliding_window=64,
                       final_logit_softcapping=final_logit_softcapping)
    cfg._attn_implementation = "eager"
    return Gemma2ForCausalLM(cfg).eval()


TINY_BUILDERS = {"tiny-llama": tiny_llama, "tiny-gemma3": tiny_gemma3}
