"""Disguised abuse words read as the plain word: "f*ck", "idoit", "ki11", "h ate", "🐷".

The normaliser (`ml/textnorm.py`) folds look-alike characters and simple leetspeak; what is
left here needs to know which word was meant. A token that is not an English word (the
encoder's WordPiece vocabulary, 21,745 whole words, with their plurals and verb endings)
is read as the abuse word it spells with symbols or emoji for some letters, digits for
letters, stretched letters, punctuation or a star inside it, or split by a space; English insults,
swear words, threat and hate verbs also with two letters swapped, a letter missing or the
vowels dropped; always only when exactly one abuse word fits. Slurs, identity terms and the
Roman Urdu words are never matched loosely: one letter from them are names and ordinary
words ("cons", "koran", "kaine"); `lexicon.group_word` reads identity terms' misspellings.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from civility.ml import lexicon

VOCABULARY_FILE = Path(__file__).resolve().parents[1] / "data/models/encoder/tokenizer.json"
# Verbs of threats: the plain word of "ki11", "k*ll", "I will 🔪 you".
THREAT_VERBS = lexicon.word_set(
    "kill kills killed killing murder murdered shoot stab stabbed hang hanged lynch behead"
    " slaughter strangle rape raped burn bomb exterminate execute torture hate hated"
)
# Verbs of hatred: "I dspise ...", "I hte ...".
HATE_VERBS = lexicon.word_set("hate hates despise despises detest loathe")
TARGETS = (
    lexicon.PROFANITY
    | lexicon.INSULT_WORDS
    | lexicon.DEMEANING_WORDS
    | lexicon.SLURS
    | lexicon.IDENTITY_TERMS
    | THREAT_VERBS
    | HATE_VERBS
)
# Swear words too common in other senses to list as profanity, but what a star hides: "a**es".
STARRED_ONLY = lexicon.word_set("ass asses")
# Spellings no single edit explains, written for effect rather than by mistake.
LISTED = {
    "stoopid": "stupid",
    "stoopit": "stupid",
    "stupit": "stupid",
    "biatch": "bitch",
    "beotch": "bitch",
    "wimmin": "women",
    "wimmen": "women",
    "blacc": "black",
    "idjit": "idiot",
    "idjits": "idiots",
    "azz": "ass",
    "phuk": "fuck",
    "h8": "hate",
    "h8ers": "haters",
    "mrn": "moron",
    "kil": "kill",
    # Listed swear words, read as the word they spell so that they weigh as much.
    "fuk": "fuck",
    "fck": "fuck",
    "phuck": "fuck",
    "fcking": "fucking",
    "fuking": "fucking",
    "fukin": "fuckin",
}
# Real words and names one edit from an abuse word that the vocabulary does not list
# (found by running every word of the training and evaluation sets through `reading`).
NOT_DISGUISED = lexicon.word_set("morn twas phuc bich dik rts brn")
# Two-letter pieces that are words of their own when a space splits a token: "sh it" is one
# word, "to day" is two, and so are abbreviations and fillers ("a SS soldier", "who re-started",
# "a bit ch 3", "so um"). The
# vocabulary lists nearly every pair of letters ("sh", "fu", "cu"), as word pieces and symbols.
SHORT_WORDS = lexicon.word_set(
    """
    am an as at be by do go he hi if in is it me my no of oh ok on or so to up us we ya ye yo
    re ss mr ms dr st jr sr tv pc pr vs ex ad uk eu un ny dc la nz
    um uh er eh ah aw ha hm mm ch pg pp ft lb kg km cm hr yr eg ie co rs
    """
)
# A symbol inside a word standing for letters we cannot see ("f*ck", "sh#t", "f★ck").
WILDCARDS = frozenset("*#%?")
# Digits and symbols left after `textnorm`'s leetspeak (at a word's edge, or doubled: "ki11").
LEET = {
    "1": "il",
    "|": "li",
    "!": "i",
    "0": "o",
    "3": "e",
    "4": "a",
    "5": "s",
    "7": "t",
    "$": "s",
    "@": "a",
    "8": "b",
    "+": "t",
}
SEPARATORS = ".-_"
# Word endings: a token that is a vocabulary word with one of them is a real word ("cons").
ENDINGS = ("s", "es", "ed", "d", "r", "er", "ers", "ing", "ly")
# Endings the vocabulary also lists as words: after a star they end the word ("disgust*ing").
_SUFFIXES = frozenset((*ENDINGS, "ness", "est", "ful", "less", "ment", "ish", "ism", "ist"))
_E_DROPPED = ("ed", "er", "ers", "ing")  # "hated" from "hate", not "parasits" from "parasite"
_EDGE = '.,!?;:"-_()*#'  # an edge star or hash is emphasis or a hashtag: "*sighs*", "#uk"
_LEET_EDGE = "!1|"  # at a word's edge these may be letters: "!d!ot", "1diot"
_PLAIN_EDGE = "".join(c for c in _EDGE if c not in _LEET_EDGE)
_TOKEN = re.compile(r"[a-z0-9*#%?|!$@+.\-_]+")
_NUMBER = re.compile(r"\d\d")  # "11am", "15am": numbers with units, not leetspeak
_VOWELS = re.compile(r"[aeiou]")
_RUNS = re.compile(r"(.)\1+")
_RUNS_OF_ONE = re.compile(r"(.)\1*")
# Two pieces of letters with one space between (overlapping matches found by lookahead).
# Not after an apostrophe or before one: "70's hit" and "ain't wat" are two words.
_SPLIT = re.compile(r"(?<![^\s\"(])(?=([a-z]+) ([a-z]+)(?![a-z'\u2019]))")
_STAR_RUNS = re.compile(r"[*#%?]+|[^*#%?]+")
_MIN_SWAPPED = 4
_MIN_EDITED = 5
_MIN_CLIPPED = 7
_MAX_COMBINATIONS = 64
# Longer tokens are no disguised word (stretches are already cut to two letters), and the
# caches below are keyed by token: a hostile text of long distinct tokens must not fill them.
_MAX_TOKEN = 40
# Ids below this are the vocabulary's commoner words ("masses" 11,678; "amor" 16,095).
_COMMON_WORD_IDS = 12_000


def _collapse(word: str) -> str:
    """Every run of one letter kept once ("idiiot" -> "idiot", "kill" -> "kil")."""
    return _RUNS.sub(r"\1", word)


def _one_deleted(word: str, *, vowels_only: bool = False) -> set[str]:
    """An inside letter missing ("idot", "mudered"): the first and last are kept."""
    inside = range(1, len(word) - 1)
    return {word[:i] + word[i + 1 :] for i in inside if not vowels_only or word[i] in "aeiou"}


def _one_swapped(word: str) -> set[str]:
    """Two neighbouring letters swapped, the first kept ("fcuk", "idoit")."""
    return {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(1, len(word) - 1)}


def _skeleton(word: str) -> str:
    """The word without its vowels after the first letter ("btch", "stpd", "fckng")."""
    return word[0] + _VOWELS.sub("", word[1:])


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Whole words of the shipped encoder's vocabulary: real words are never corrected."""
    return frozenset(_vocabulary())


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """The vocabulary's commoner words: it lists whole words about as often as they occur."""
    return frozenset(w for w, i in _vocabulary().items() if i < _COMMON_WORD_IDS)


@lru_cache(maxsize=1)
def _vocabulary() -> dict[str, int]:
    """The encoder's whole words (letters only) and their ids."""
    data = json.loads(VOCABULARY_FILE.read_text(encoding="utf-8"))
    vocab: dict[str, int] = data["model"]["vocab"]
    return {w: i for w, i in vocab.items() if w.isascii() and w.isalpha()}


@lru_cache(maxsize=65536)
def is_english(token: str) -> bool:
    """A vocabulary word, or one with a plural or verb ending ("cons", "chats", "rapped")."""
    words = english_words()
    if token in words:
        return True
    for ending in ENDINGS:
        stem = token[: -len(ending)]
        if token.endswith(ending) and len(stem) >= 3:
            if stem in words or (stem[-1:] == stem[-2:-1] and stem[:-1] in words):
                return True
            if ending in _E_DROPPED and stem + "e" in words:
                return True
    return False


def _edit_targets() -> set[str]:
    """English insults, swear words and threat verbs that may lose or swap a letter.

    Not the rest of the demeaning words: "hode" is a name before it is "horde".
    """
    words = lexicon.INSULT_WORDS | THREAT_VERBS | HATE_VERBS | (lexicon.PROFANITY & english_words())
    return {w for w in words if len(w) >= _MIN_SWAPPED}


def _variant_map(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Variant -> the one abuse word it comes from; variants of two words are dropped.

    A variant that is also a group's name or a slur with a letter added ("muslimes") is dropped.
    """
    found: dict[str, set[str]] = {}
    for variant, word in pairs:
        found.setdefault(variant, set()).add(word)
    out = {}
    for variant, words in found.items():
        near = (_one_deleted(variant) & (lexicon.IDENTITY_TERMS | lexicon.SLURS)) - words
        unknown = variant not in TARGETS | NOT_DISGUISED and not is_english(variant)
        if len(words) == 1 and not near and unknown:
            out[variant] = next(iter(words))
    return out


@lru_cache(maxsize=1)
def _variants() -> dict[str, str]:
    """Every misspelling of an abuse word this module reads, with the word it means."""
    targets = _edit_targets()
    long_words = [w for w in targets if len(w) >= _MIN_EDITED]
    edited = _variant_map(
        itertools.chain(
            ((v, w) for w in targets for v in _one_swapped(w)),
            # Four- and five-letter words lose only a vowel ("scm", "hte"): "bith" is "both"
            # mistyped before it is "bitch"; plurals of four letters not at all ("rts": retweets).
            (
                (v, w)
                for w in targets
                if len(w) >= _MIN_EDITED or not w.endswith("s")
                for v in _one_deleted(w, vowels_only=len(w) <= _MIN_EDITED)
            ),
            # Long words also lose their last letter: "worthles", "disgustin".
            ((w[:-1], w) for w in targets if len(w) >= _MIN_CLIPPED),
            ((s, w) for w in long_words if len(s := _skeleton(w)) >= 4 and s != w),
        )
    )
    return {**edited, **LISTED}


@lru_cache(maxsize=1)
def _collapsed() -> dict[str, str]:
    """Abuse words by their letters with runs kept once, where that names only one word."""
    found: dict[str, set[str]] = {}
    for word in TARGETS:
        found.setdefault(_collapse(word), set()).add(word)
    return {c: next(iter(ws)) for c, ws in found.items() if len(ws) == 1}


def _runs(word: str) -> list[tuple[str, int]]:
    """(letter, how many times in a row) along a word."""
    return [(m.group(1), len(m.group())) for m in _RUNS_OF_ONE.finditer(word)]


def _is_stretched(token: str, word: str) -> bool:
    """Whether the token is the word with letters repeated ("idiiot"; "conn" is no "coon")."""
    ours, theirs = _runs(token), _runs(word)
    return len(ours) == len(theirs) and all(
        a == b and n >= m for (a, n), (b, m) in zip(ours, theirs, strict=True)
    )


def plain_word(token: str) -> str | None:
    """The abuse word a letters-only token spells, or None (a real word, or no abuse word)."""
    if token in LISTED:
        return LISTED[token]
    if token in TARGETS:
        return token
    if len(token) < 3 or token in NOT_DISGUISED or is_english(token):
        return None
    if word := _variants().get(token):
        return word
    word = _collapsed().get(_collapse(token))
    if word is not None and _is_stretched(token, word):
        return word
    if "z" in token and (word := plain_word(token.replace("z", "s"))):
        return word
    return None


def _starred(token: str) -> str | None:
    """The one abuse word a token with hidden letters fits ("f*ck", "sh💩t", "p****ies").

    A run of symbols may hide fewer letters than it has ("sh**t"); where a swear word and
    another word both fit, the swear word is meant: people star out swearing, not "shoot".
    """
    letters = sum(c.isalpha() for c in token)
    if letters < 2 or len(token) - letters > letters + 1:  # "b***h", not "f***"
        return None
    exact = re.compile("".join("[a-z]" if c in WILDCARDS else re.escape(c) for c in token))
    loose = re.compile(
        "".join(
            f"[a-z]{{1,{len(part)}}}" if part[0] in WILDCARDS else re.escape(part)
            for part in _STAR_RUNS.findall(token)
        )
    )
    fits = {w for w in TARGETS | STARRED_ONLY if loose.fullmatch(w)}
    if swearing := fits & (lexicon.PROFANITY | STARRED_ONLY):
        fits = swearing
    same_length = {w for w in fits if exact.fullmatch(w)}
    for found in (same_length, fits):
        if len(found) == 1:
            return found.pop()
    return None


def _star_inserted(token: str) -> str | None:
    """The abuse word a token spells once its stars are left out ("id*iot", "ni*gger").

    Read only when no word fits with the stars as letters, only an exact word, and not when
    the star stands between two words: a star put between the letters hides nothing.
    """
    pieces = re.findall(r"[a-z]+", token)
    letters = "".join(pieces)
    if len(letters) != len(token) - sum(c in WILDCARDS for c in token):
        return None  # digits or other marks among the letters
    if letters not in TARGETS or all(_ordinary_word(piece) for piece in pieces):
        return None  # two words with a star between: "in*competent", "wet*back"
    return letters


def _ordinary_word(piece: str) -> bool:
    """A word that is neither an abuse word nor an ending ("ass*hole", "disgust*ing" are one)."""
    return is_word(piece) and piece not in _SUFFIXES and piece not in TARGETS


def _spells(token: str, word: str) -> bool:
    """Whether a token has the word's letters in place (symbols for some), not an edit of it."""
    return len(token) == len(word) and all(
        a == b or not a.isalpha() for a, b in zip(token, word, strict=True)
    )


def _leet_readings(token: str) -> Iterator[str]:
    """Each way of reading the digits and symbols of a token as letters ("ki11" -> "kill")."""
    options = [LEET.get(c, c) for c in token]
    for combination in itertools.islice(itertools.product(*options), _MAX_COMBINATIONS):
        yield "".join(combination)


@lru_cache(maxsize=65536)
def reading(token: str) -> tuple[str, str] | None:
    """(the disguise, the abuse word) in a normalised token, or None when none or several fit."""
    for edges in (_EDGE, _PLAIN_EDGE):
        core = token.strip(edges)
        if word := _reading(core):
            return core, word
        if token[:1] not in _LEET_EDGE and token[-1:] not in _LEET_EDGE:
            break
    return None


def _reading(core: str) -> str | None:
    """The abuse word a token without edge punctuation disguises."""
    if core in LISTED:
        return LISTED[core]
    if not core or core.isalpha():
        return plain_word(core) if core else None
    if any(c in SEPARATORS for c in core):
        # Joined pieces must spell the word exactly: "d-man" is no "damn" with two letters swapped.
        joined = "".join(c for c in core if c not in SEPARATORS)
        word = _reading(joined) if joined and joined != core else None
        return word if word is not None and _spells(joined, word) else None
    if any(c in WILDCARDS for c in core):
        return _starred(core) or _star_inserted(core)
    letters = sum(c.isalpha() for c in core)
    if letters == 0 or _NUMBER.match(core):
        return None
    found = {w for r in _leet_readings(core) if r.isalpha() and (w := plain_word(r))}
    if letters < 2:  # "h473": mostly digits, so only a whole word of four letters or more
        found = {w for w in found if len(w) >= _MIN_SWAPPED and _spells(core, w)}
    return found.pop() if len(found) == 1 else None


def restorations(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, word) for each disguised abuse word in a normalised text."""
    for match in _TOKEN.finditer(text):
        token = match.group()
        if len(token) > _MAX_TOKEN:
            continue
        if token.isalpha() and token not in LISTED and (token in TARGETS or is_english(token)):
            continue  # most words: nothing to restore
        found = reading(token)
        if found is None:
            if any(c in SEPARATORS for c in token):
                yield from _parts(match.start(), token)
            continue
        core, word = found
        if core != word:
            start = match.start() + token.index(core)
            yield (start, start + len(core), word)


def split_words(
    text: str, *, case: Callable[[int, int], str] = lambda _start, _end: ""
) -> Iterator[tuple[int, int, str]]:
    """(start, end, word) for an abuse word or group split by one space ("h ate", "J ews").

    `case(start, end)`: how text[start:end] was written: "upper", "title" or "" (lower case).
    """
    for match in _SPLIT.finditer(text):
        first, second = match.group(1), match.group(2)
        word = first + second
        if len(word) < 3 or word not in TARGETS:
            continue
        if first in TARGETS or second in TARGETS:
            continue  # "fuck you", "pigs s": two words already
        first_case, second_case = case(*match.span(1)), case(*match.span(2))
        if _is_piece_word(first, first_case, second_case) and _is_piece_word(
            second, second_case, first_case
        ):
            continue  # "the rapist", "i slam", "CO on", "Mo Ron", "As S Marshall": two words
        yield (match.start(1), match.end(2), word)


def is_word(piece: str) -> bool:
    """An English word, "a" and "I" included; of two letters, only a common one ("to", not
    "sh" or "fu": the vocabulary lists nearly every pair of letters)."""
    return _is_piece_word(piece, "", "")


def _is_piece_word(piece: str, case: str, other_case: str) -> bool:
    """Whether one of two pieces a space splits is a word of its own, by how both are written.

    Capitals make a word of what lower case would not: "CO" and "SC" are abbreviations, "Mo"
    beside "Ron" and "S" beside "As" are a name and an initial; "Mo ron", "Fu ck" and "T rans"
    are an abuse word or a group's name with its first letters split off.
    """
    if len(piece) == 1:
        return piece in ("a", "i") or bool(case and other_case)
    if len(piece) == 2:
        named = case == "upper" or (case == "title" and bool(other_case))
        return piece in SHORT_WORDS or (named and is_english(piece))
    return is_english(piece)


def _parts(offset: int, token: str) -> Iterator[tuple[int, int, str]]:
    """Restorations inside a token's pieces ("well...idoit") or two of them ("2nd-towel-head")."""
    pieces = list(re.finditer(r"[^.\-_]+", token))
    if len(pieces) < 2:
        return
    done = 0
    for i, piece in enumerate(pieces):
        if piece.start() < done:
            continue  # the second of two pieces read together
        for start, end in _with_next(pieces, i):
            found = reading(token[start:end])
            if found is not None and end > piece.end() and not _slur_of_pieces(found[1], token):
                continue  # two pieces read together only as a slur: not "back-ward", "ki-11"
            if found is not None and found[0] != found[1]:
                start += token[start:end].index(found[0])
                done = start + len(found[0])
                yield (offset + start, offset + done, found[1])
                break


def _slur_of_pieces(word: str, token: str) -> bool:
    """Whether two pieces of a token make a slur, and all of them no word ("pa-ki-stan")."""
    return word in lexicon.SLURS and not is_english(re.sub(r"[^a-z]", "", token))


def _with_next(pieces: list[re.Match[str]], i: int) -> Iterator[tuple[int, int]]:
    """The span of a piece and the next one together (both letters), then the piece alone."""
    if i + 1 < len(pieces) and pieces[i].group().isalpha() and pieces[i + 1].group().isalpha():
        yield (pieces[i].start(), pieces[i + 1].end())
    yield (pieces[i].start(), pieces[i].end())
