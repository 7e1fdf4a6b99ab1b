"""The atomic writer: whole files, the user's mode, and CSV rows that a stray carriage return cannot split."""

from __future__ import annotations

import pandas as pd

from helpers.files import write_atomically


def test_a_carriage_return_in_a_cell_does_not_split_the_row(tmp_path):
    target = tmp_path / "t.csv"
    write_atomically({target: pd.DataFrame({"text": ["one\rtwo", "plain", "three\r\nfour"], "n": [1, 2, 3]})})
    back = pd.read_csv(target, dtype=str, keep_default_na=False)
    assert back["n"].tolist() == ["1", "2", "3"]
    assert back["text"].tolist() == ["one\ntwo", "plain", "three\nfour"]


def test_text_and_bytes_are_written_whole_and_nothing_is_left_beside_them(tmp_path):
    write_atomically({tmp_path / "a.txt": "ünïcode\n", tmp_path / "b.bin": b"\x00\x01"})
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "ünïcode\n"
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\x01"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.bin"]
