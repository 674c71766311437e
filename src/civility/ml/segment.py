"""Split runs of glued words that hide a group: "killallmuslims" -> kill all muslims."""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import lru_cache
from itertools import pairwise

from civility.ml import lexicon
from civility.ml.deobfuscate import (
    SHORT_WORDS,
    english_words,
    is_english,
    reading,
    vocabulary_id,
)

# Hashtags and words run together ("#killallmuslims", "immigrantsarefilthyvermin") read as one
# unknown token, so neither the lexicon nor the n-grams see the group or what is said of it.
_GROUPS = lexicon.IDENTITY_TERMS | lexicon.SLURS
# Short words a run may contain; longer pieces come from the encoder's vocabulary, whose short
# entries are often pieces of words ("ist", "ion": "transistion" is no "trans ist ion").
_SHORT = lexicon.word_set(
    "an to of in is be we us go do no my on at up me he it or as by all are the and not you get out"
    " our for but who why how its was has had can did now off her him his she die gas men"
)
_MIN_PIECE = 4
# Two pieces are the glued pairs `lexicon.unglued` reads; a segmentation into three or more words
# is rarely an accident, while two can be a place or a name ("blackpool", "whitehall").
_MIN_PIECES = 3
_MIN_LENGTH = 8
_MAX_LENGTH = 40
# Single letters that stand for words in spelled-out text: chat's "u r" as well as "a" and "I".
_CHAT_LETTERS = frozenset("aiur")
# Whole words follow the single characters in the encoder's WordPiece vocabulary.
_FIRST_WORD_ID = 1990
_RARE_RANK = 30_000
_LOG_VOCABULARY = math.log(30_522)


@lru_cache(maxsize=1)
def _words() -> frozenset[str]:
    """Words a run may be split into."""
    long_words = {w for w in english_words() if len(w) >= _MIN_PIECE}
    return frozenset(long_words | _GROUPS | lexicon.DEMEANING_WORDS | lexicon.PROFANITY | _SHORT)


@lru_cache(maxsize=65536)
def glued_words(token: str) -> tuple[int, ...]:
    """Where an unknown run naming a group splits into words (the fewest); () if it does not."""
    if not _MIN_LENGTH <= len(token) <= _MAX_LENGTH or not token.isalpha():
        return ()
    if is_english(token) or not any(group in token for group in _GROUPS):
        return ()
    cuts = cheapest_split(token, _glued_piece_cost)
    if cuts is None or len(cuts) + 1 < _MIN_PIECES:
        return ()
    pieces = [token[a:b] for a, b in pairwise((0, *cuts, len(token)))]
    return cuts if any(p in _GROUPS for p in pieces) else ()


def _glued_piece_cost(start: int, piece: str) -> float:
    """One for each word a glued run may hold: the fewest words win."""
    # "I" only opens a run ("ihatewomen"), else "homosexualists" is "homosexual i sts".
    return 1.0 if piece in _words() or (piece == "i" and not start) else math.inf


def cheapest_split(
    letters: str, cost: Callable[[int, str], float], *, longest: int | None = None
) -> tuple[int, ...] | None:
    """Where letters split into the pieces of least total cost; None if every split is infinite.

    `cost(start, piece)` prices one piece; pieces are at most `longest` letters long.
    """
    # cheapest[j]: the least cost of pieces spelling letters[:j]; begins[j]: where the last begins.
    cheapest, begins = [0.0] + [math.inf] * len(letters), [0] * (len(letters) + 1)
    for end in range(1, len(letters) + 1):
        for start in range(max(0, end - (longest or end)), end):
            if cheapest[start] == math.inf:
                continue
            total = cheapest[start] + cost(start, letters[start:end])
            if total < cheapest[end]:
                cheapest[end], begins[end] = total, start
    if cheapest[-1] == math.inf:
        return None
    cuts, end = [], begins[-1]
    while end:
        cuts.append(end)
        end = begins[end]
    return tuple(reversed(cuts))


@lru_cache(maxsize=4096)
def spelled_word_cost(letters: str) -> float:
    """How unlikely a word is among spelled-out letters: Zipf's law over the vocabulary's order.

    "i a m a n i g g e r" is "i am a nigger", not "i ama nigger": fewer words are likelier,
    but not rarer ones. Infinite for what is no word: two letters must be a common word.
    """
    if letters in _CHAT_LETTERS:
        return _zipf_cost(1)
    if len(letters) <= 2 and letters not in SHORT_WORDS:
        return math.inf
    if not is_english(letters) and reading(letters) is None:
        return math.inf
    found = vocabulary_id(letters)
    # An abuse word or a form the vocabulary does not list counts as one of its rarest words.
    return _zipf_cost(found - _FIRST_WORD_ID if found and found > _FIRST_WORD_ID else _RARE_RANK)


def rare_word_cost() -> float:
    """What a word the vocabulary does not list costs among spelled-out letters."""
    return _zipf_cost(_RARE_RANK)


def _zipf_cost(rank: int) -> float:
    """The cost of a word of this frequency rank: log of the rank times log of the vocabulary."""
    return math.log(rank * _LOG_VOCABULARY)
