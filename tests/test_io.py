"""Atomic writes: all or nothing, readable modes, no temp files left behind."""

from __future__ import annotations

import os

import pytest

from featurectl.io import atomic_path, read_jsonl, append_jsonl, write_json


def test_interrupted_write_keeps_the_old_file(tmp_path):
    path = tmp_path / "a.json"
    write_json(path, {"v": 1})
    with pytest.raises(RuntimeError):
        with atomic_path(path) as tmp:
            tmp.write_text("{half")
            raise RuntimeError("killed")
    assert path.read_text().strip().startswith("{") and '"v": 1' in path.read_text()
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]


def test_written_files_get_the_umask_mode(tmp_path):
    old = os.umask(0o022)
    try:
        path = write_json(tmp_path / "b.json", {})
    finally:
        os.umask(old)
    assert oct(path.stat().st_mode & 0o777) == oct(0o644)


def test_jsonl_round_trip(tmp_path):
    path = tmp_path / "m.jsonl"
    append_jsonl(path, {"step": 1, "loss": 0.5})
    append_jsonl(path, {"step": 2, "loss": 0.25})
    assert read_jsonl(path) == [{"step": 1, "loss": 0.5}, {"step": 2, "loss": 0.25}]


def test_state_dict_sha256_hashes_name_dtype_shape_and_bytes_in_name_order():
    """One float32 tensor [1.0] named 'w' hashes "w|torch.float32|(1,)|" followed by
    its little-endian bytes 00 00 80 3f; tensors are taken in name order."""
    import hashlib

    import torch

    from featurectl.io import state_dict_sha256

    m = torch.nn.Module()
    m.register_buffer("w", torch.tensor([1.0]))
    expected = hashlib.sha256(b"w|torch.float32|(1,)|" + bytes([0, 0, 0x80, 0x3F])).hexdigest()
    assert state_dict_sha256(m) == expected
    m.register_buffer("a", torch.tensor(True))  # 0-d bool: "a|torch.bool|()|" + 01, hashed first
    expected = hashlib.sha256(b"a|torch.bool|()|\x01" + b"w|torch.float32|(1,)|" + bytes([0, 0, 0x80, 0x3F]))
    assert state_dict_sha256(m) == expected.hexdigest()
    assert state_dict_sha256(m.to(torch.float64)) != expected.hexdigest()  # dtype is part of the hash
