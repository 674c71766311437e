"""Split runs of glued words that hide a group: "killallmuslims" -> kill all muslims."""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import lru_cache
from itertools import pairwise

from civility.ml import lexicon
from civility.ml.deobfuscate import common_words, english_words, is_english, is_word

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
# Words that frame abuse in letters spelled out one by one: pronouns, articles, "to be", chat's
# "u r" ("u r a f a g g o t", "i a m a n i g g e r", "g o k i l l y o u r s e l f").
SPELLED_FRAME_WORDS = lexicon.word_set(
    """
    a an the i u r ur ya you your youre yourself yourselves he she it we they them their his her
    its our us me my im is am are was were be been so such all of to and or go just do
    dont not no this that these those die will shut up off urself hope
    """
)


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


def spelled_words(letters: str, is_listed: Callable[[str], bool]) -> tuple[int, ...] | None:
    """Where letters spelled out one by one split into the fewest frame words and listed words.

    Frame words are the few that carry abuse in a sentence ("u r a", "i am a", "go ... yourself");
    a listed word is one `is_listed` accepts (an abuse word, a site's banned word). Anything else
    spelled out (names, "the news hits today") does not split: no guess at ordinary words, whose
    letters hide abuse words by chance ("mats u shit a"). None when no split fits, when it is
    listed words alone ("cock burn"), or when ordinary words spell the letters in as few
    pieces ("the masses", not "them asses").
    """

    def cost(_: int, piece: str) -> float:
        return 1.0 if piece in SPELLED_FRAME_WORDS or is_listed(piece) else math.inf

    cuts = cheapest_split(letters, cost, longest=_MAX_LENGTH)
    if cuts is None:
        return None
    pieces = [letters[a:b] for a, b in pairwise((0, *cuts, len(letters)))]
    # Listed words alone are a name more often than a sentence ("c o c k b u r n").
    if not any(piece in SPELLED_FRAME_WORDS for piece in pieces):
        return None

    def ordinary(_: int, piece: str) -> float:
        common = len(piece) <= 2 or piece in common_words()
        return 1.0 if common and is_word(piece) and not is_listed(piece) else math.inf

    # Letters that spell common words as well, in as few, are those words: "t h e m a s s e s"
    # is "the masses", not "them asses"; "a s s h e" is "as she" ("you are amor on" is no such).
    plain = cheapest_split(letters, ordinary, longest=_MAX_LENGTH)
    return None if plain is not None and len(plain) <= len(cuts) else cuts
