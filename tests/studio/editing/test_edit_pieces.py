"""The piece table and the overview pyramid, checked against plain numpy on the rendered samples."""

from __future__ import annotations

import numpy as np
import pytest

from studio.editing.overview import BASE_BLOCK, Pyramid, overview
from studio.editing.pieces import SILENCE, Piece, render, replace, split_at, sub, total


def _buffers(n: int = 10_000) -> list[np.ndarray | None]:
    rng = np.random.default_rng(1)
    return [rng.standard_normal(n).astype(np.float32), rng.standard_normal(3000).astype(np.float32)]


def test_replace_matches_numpy_splicing() -> None:
    bufs = _buffers()
    table = (Piece(0, 0, 10_000),)
    table = replace(table, 2000, 3000)  # delete
    table = replace(table, 500, 500, [Piece(1, 100, 400)])  # insert
    table = replace(table, 7000, 7100, [Piece(SILENCE, 0, 100)])  # overwrite with silence
    src, clip = bufs[0], bufs[1]
    expect = np.concatenate([src[:2000], src[3000:]])
    expect = np.concatenate([expect[:500], clip[100:500], expect[500:]])
    expect[7000:7100] = 0.0
    assert total(table) == len(expect)
    assert np.array_equal(render(table, bufs), expect)
    assert np.array_equal(render(table, bufs, 450, 7050), expect[450:7050])


def test_neighbouring_pieces_merge_back() -> None:
    table = replace((Piece(0, 0, 1000),), 200, 300)
    table = replace(table, 200, 200, [Piece(0, 200, 100)])  # put it back where it was
    assert table == (Piece(0, 0, 1000),)


def test_split_and_sub() -> None:
    table, i = split_at((Piece(0, 0, 100), Piece(1, 0, 50)), 130)
    assert i == 2 and table[1:] == (Piece(1, 0, 30), Piece(1, 30, 20))
    assert split_at(table, 150)[1] == len(table)
    assert sub(table, 90, 140) == (Piece(0, 90, 10), Piece(1, 0, 30), Piece(1, 30, 10))
    with pytest.raises(IndexError):
        split_at(table, 151)


@pytest.mark.parametrize("columns", [1, 7, 333, 5000])
def test_overview_is_exact_min_max_per_column(columns: int) -> None:
    bufs = _buffers(200_000)
    pyramids = [Pyramid(b) for b in bufs]  # type: ignore[arg-type]
    table = replace((Piece(0, 0, 200_000),), 12_345, 99_999, [Piece(1, 7, 2500), Piece(SILENCE, 0, 900)])
    samples = render(table, bufs)
    start, end = 1001, total(table) - 77
    mins, maxs = overview(table, pyramids, start, end, columns)
    edges = start + (np.arange(columns + 1) * (end - start)) // columns
    for c in range(columns):
        seg = samples[edges[c]:max(edges[c + 1], edges[c] + 1)]
        assert mins[c] == seg.min() and maxs[c] == seg.max()


def test_pyramid_costs_about_one_percent() -> None:
    x = np.zeros(BASE_BLOCK * 4096, dtype=np.float32)
    # level 0: 8 bytes per 256 samples of 4 bytes; the levels above add a third at most
    assert Pyramid(x).nbytes <= x.nbytes * 8 / (4 * BASE_BLOCK) * 4 / 3 + 64
