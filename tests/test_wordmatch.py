"""Word lists: entry forms, whole-word matching, masks, near misses, and list files."""

from __future__ import annotations

import bisect
import random
import re
from pathlib import Path

import pytest

from civility.pipeline.normalize import normalize
from civility.pipeline.wordmatch import (
    HitKind,
    TextScan,
    WordList,
    WordListError,
    load_wordlist,
    parse_lines,
)


def _found(words: WordList, text: str) -> list[tuple[str, str, HitKind]]:
    """(entry, original text covered, kind) of every hit."""
    return [(hit.entry, text[hit.start : hit.end], hit.kind) for hit in words.find(normalize(text))]


def test_wordmatch_parse_lines_skips_comments_and_blanks() -> None:
    lines = ["# a comment", "", "  sausage  ", "mustard # hot", "   # indented"]
    assert parse_lines(lines) == ["sausage", "mustard"]


def test_wordmatch_matches_whole_words_and_plurals() -> None:
    words = WordList(["sausage", "box"])
    assert _found(words, "Sausages and boxes, not sausagemeat") == [
        ("sausage", "Sausages", HitKind.EXACT),
        ("box", "boxes", HitKind.EXACT),
    ]


def test_wordmatch_prefix_entries_match_longer_words() -> None:
    words = WordList(["gobble*"])
    assert [entry for entry, _, _ in _found(words, "gobbledygook, gobble, agobble")] == [
        "gobble*",
        "gobble*",
    ]


def test_wordmatch_phrases_match_across_blanks() -> None:
    words = WordList(["hot dog"])
    # Written as one word, a phrase is still the phrase ("porchmonkey"): see
    # test_banned_words_bypasses.py for the other separators.
    assert _found(words, "two hot   dogs and a hotdog") == [
        ("hot dog", "hot   dogs", HitKind.EXACT),
        ("hot dog", "hotdog", HitKind.EXACT),
    ]


def test_wordmatch_masked_letters() -> None:
    words = WordList(["sausage"])
    for masked in ("s*usage", "sa**age", "s@#sage", "sa@sage", "sausag*"):
        assert _found(words, f"a {masked} here") == [("sausage", masked, HitKind.MASKED)]
    # '$' inside a word reads as 's': no guessing needed.
    assert _found(words, "sau$age") == [("sausage", "sau$age", HitKind.EXACT)]


@pytest.mark.parametrize("masked", ["*ausage", "s******", "s*x*a*e", "what?!", "o***"])
def test_wordmatch_masks_need_first_letter_and_the_rest_to_fit(masked: str) -> None:
    assert _found(WordList(["sausage", "whatnot", "okay"]), masked) == []


def test_wordmatch_near_misses_of_long_words() -> None:
    words = WordList(["sausage"])
    assert _found(words, "sasuage and susage and sausge")[0][2] is HitKind.FUZZY
    assert [text for _, text, _ in _found(words, "sasuage and sausge")] == ["sasuage", "sausge"]


def test_wordmatch_near_misses_keep_first_and_last_letters() -> None:
    assert _found(WordList(["sausage"]), "ausage sausag asusage") == []


def test_wordmatch_near_misses_skip_short_words_and_ordinary_words() -> None:
    assert _found(WordList(["moron"], ordinary=["moon"]), "the moon, the mroon") == [
        ("moron", "mroon", HitKind.FUZZY)
    ]
    assert _found(WordList(["dork"]), "drok, drk") == []


def test_wordmatch_one_read_as_l_and_stretched_letters() -> None:
    words = WordList(["sludge", "ball"])
    assert [text for _, text, _ in _found(words, "s1udge and balllll")] == ["s1udge", "balllll"]
    # A double letter written once is another word when nothing was stretched.
    assert _found(words, "bal") == []


def test_wordmatch_limit_stops_early() -> None:
    words = WordList(["spam"])
    assert len(words.find(normalize("spam " * 1000), limit=5)) == 5


def test_wordmatch_rejects_entries_that_are_not_words() -> None:
    with pytest.raises(ValueError, match="must be letters"):
        WordList(["f*ck"])


def test_wordmatch_load_names_a_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.txt"
    with pytest.raises(WordListError, match=r"nowhere\.txt"):
        load_wordlist(missing)


def test_wordmatch_load_names_an_undecodable_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes(b"caf\xe9\n")
    with pytest.raises(WordListError, match=r"latin1\.txt"):
        load_wordlist(path)


def test_wordmatch_load_names_a_malformed_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text("fine\n$$$\n", encoding="utf-8")
    with pytest.raises(WordListError, match=r"bad\.txt.*must be letters"):
        load_wordlist(path)


def test_wordmatch_load_reads_a_list(tmp_path: Path) -> None:
    path = tmp_path / "words.txt"
    path.write_text("# mine\nsausage\nhot dog\n", encoding="utf-8")
    assert len(load_wordlist(path)) == 2


def test_the_positions_needing_a_closer_look_are_those_one_pattern_finds() -> None:
    # Three searches replaced one alternation; their matches never overlap, so the positions
    # are the same. Random strings of the characters that matter, with case folds among them.
    one = re.compile(
        r"[1@$]|([^\W\d_])\1{2,}"
        r"|(?<![^\W\d_])[^\W\d_](?=[ .\-_*,/\\|+~:][^\W\d_](?![^\W\d_]))"  # spelled out
    )
    rng = random.Random(5)
    alphabet = list("aaiiAIbbcx1@$ .-_*,/\\|+~:é9ßİ\u0131\n")
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        scan = TextScan(normalize(text))
        expected = {bisect.bisect_left(scan.norm.offsets, m.start()) for m in one.finditer(text)}
        assert scan.special == sorted(expected), text


def test_wordmatch_no_pattern_puts_a_possessive_quantifier_on_a_group() -> None:
    # CPython before 3.11.3 matched `(?:...)*+` wrongly: on Debian 12's Python 3.11.2
    # "nig&#103;ger" gave the token "nig&#", read as a masked slur. Atomic groups `(?>...)`
    # match alike on every 3.11; the project promises any of them.
    from pathlib import Path

    import civility

    group_possessive = re.compile(r"\)(?:\*|\+|\?|\{\d+(?:,\d*)?\})\+")
    found = [
        f"{path.name}: {line.strip()}"
        for path in Path(civility.__file__).parent.rglob("*.py")
        for line in path.read_text(encoding="utf-8").splitlines()
        if "re.compile" in line or 'rf"' in line or 'r"' in line
        if group_possessive.search(line)
    ]
    assert found == []
