"""The article cache file of `civility moderate`: vectors back as saved, trouble never fatal."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest

from civility.passage_vector_cache import PassageVectorCache, default_path

DIM = 4


def _cache(path: Path, model: str = "encoder-a", max_passages: int = 100) -> PassageVectorCache:
    return PassageVectorCache(path, model=model, dim=DIM, max_passages=max_passages)


def _vector(seed: int) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal(DIM).astype(np.float32)


def test_passage_vector_cache_gives_back_what_it_saved_across_opens(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    hostile = "'); DROP TABLE passage_vectors;-- <script>alert(1)</script> \u202e\u200b \ud800"
    texts = ["The council approved the budget.", hostile, "Ünïcödé passage 日本語"]
    first = _cache(path)
    assert first.load(texts) == {}
    first.save((text, _vector(n)) for n, text in enumerate(texts))
    first.close()
    second = _cache(path)
    found = second.load([*texts, "never saved"])
    assert set(found) == set(texts)
    for n, text in enumerate(texts):
        assert found[text].dtype == np.float32
        np.testing.assert_array_equal(found[text], _vector(n))
    assert (second.read, second.written) == (3, 0)
    second.close()
    assert path.stat().st_mode & 0o777 == 0o600


def test_passage_vector_cache_never_gives_one_encoder_the_vectors_of_another(
    tmp_path: Path,
) -> None:
    path = tmp_path / "cache.sqlite3"
    cache = _cache(path, model="encoder-a")
    cache.save([("A passage.", _vector(1))])
    cache.close()
    other = _cache(path, model="encoder-b")
    assert other.load(["A passage."]) == {}
    other.close()
    wider = PassageVectorCache(path, model="encoder-a", dim=DIM * 2)
    assert wider.load(["A passage."]) == {}  # a row of the wrong size is not this model's
    wider.close()


def test_passage_vector_cache_skips_rows_that_are_not_vectors(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    cache = _cache(path)
    cache.save([("Fine.", _vector(1)), ("Broken.", _vector(2)), ("Text.", _vector(3))])
    cache.close()
    with sqlite3.connect(path) as db:
        nan = np.full(DIM, np.nan, dtype="<f4").tobytes()
        db.execute("UPDATE passage_vectors SET vector = ? WHERE rowid = 2", (nan,))
        db.execute("UPDATE passage_vectors SET vector = 'a string' WHERE rowid = 3")
    again = _cache(path)
    assert set(again.load(["Fine.", "Broken.", "Text."])) == {"Fine."}
    again.close()


def test_passage_vector_cache_keeps_the_most_recently_used_within_its_limit(
    tmp_path: Path,
) -> None:
    path = tmp_path / "cache.sqlite3"
    cache = _cache(path, max_passages=2)
    for n in range(5):
        cache.save([(f"passage {n}", _vector(n))])
    cache.load(["passage 0"])  # used last: kept
    cache.close()
    again = _cache(path)
    assert set(again.load([f"passage {n}" for n in range(5)])) == {"passage 0", "passage 4"}
    again.close()


def test_passage_vector_cache_a_file_that_is_not_sqlite_is_reported_and_left(
    tmp_path: Path,
) -> None:
    path = tmp_path / "cache.sqlite3"
    path.write_bytes(b"not a database at all, " * 100)
    warnings: list[str] = []
    cache = PassageVectorCache(path, model="encoder-a", dim=DIM, warn=warnings.append)
    assert not cache.usable
    assert cache.load(["A passage."]) == {}
    cache.save([("A passage.", _vector(1))])
    cache.close()
    assert len(warnings) == 1 and str(path) in warnings[0]
    assert path.read_bytes() == b"not a database at all, " * 100  # someone's file: untouched


def test_passage_vector_cache_an_unwritable_place_is_reported(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way")
    warnings: list[str] = []
    cache = PassageVectorCache(
        blocker / "c.sqlite3", model="encoder-a", dim=DIM, warn=warnings.append
    )
    assert not cache.usable
    assert len(warnings) == 1 and "not used" in warnings[0]


def test_passage_vector_cache_default_path_follows_xdg(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_path() == tmp_path / "civility" / "article-passages.sqlite3"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert default_path() == Path.home() / ".cache" / "civility" / "article-passages.sqlite3"
