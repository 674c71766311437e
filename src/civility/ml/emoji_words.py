"""Emoji that stand for words or letters, read as them: "You are a 🐷", "🖕 you", "sh💩t".

An emoji on its own becomes its word ("Jews are 🐀" reads "jews are rats"), one between
letters a hidden letter ("*", which `ml/deobfuscate.py` fills in), and letter emoji
(🅱, runs of regional indicators) their letter. Only emoji whose insulting or threatening
sense is the common one are listed: 💀 and 🔥 mostly praise, 🐶 is mostly fond.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from civility.ml.lexicon import word_set

# The middle finger says "fuck you" unless its object follows ("🖕 you", "🖕 off").
MIDDLE_FINGER = "\U0001f595"
_OBJECTS = word_set("you u off this that them him her it")
# Emoji -> (the word, its plural): the plural after "are", "all", "those" or when repeated.
NOUNS = {
    "\U0001f4a9": ("shit", "shit"),
    "\U0001f437": ("pig", "pigs"),
    "\U0001f416": ("pig", "pigs"),
    "\U0001f43d": ("pig", "pigs"),
    "\U0001f400": ("rat", "rats"),
    "\U0001f401": ("rat", "rats"),
    "\U0001f412": ("monkey", "monkeys"),
    "\U0001f435": ("monkey", "monkeys"),
    "\U0001f98d": ("ape", "apes"),
    "\U0001f921": ("clown", "clowns"),
    "\U0001f40d": ("snake", "snakes"),
    "\U0001fab3": ("cockroach", "cockroaches"),
    "\U0001f9a0": ("virus", "virus"),
    "\U0001f5d1": ("trash", "trash"),
}
# Weapons: the verb after "will", "to", "I" ("I will 🔪 you"), the noun elsewhere.
WEAPONS = {
    "\U0001f52a": ("knife", "stab"),
    "\U0001f5e1": ("knife", "stab"),
    "\U0001f52b": ("gun", "shoot"),
    "\U0001f4a3": ("bomb", "bomb"),
}
# Flags joined to a white flag: rainbow (gay pride), the transgender symbol.
WHITE_FLAG = "\U0001f3f3"
FLAGS = {"\U0001f308": "gay", "\u26a7": "trans"}
# Joiners and modifiers inside an emoji sequence: skipped when looking for neighbours.
JOINERS = frozenset("\u200d\ufe0f\ufe0e") | {chr(c) for c in range(0x1F3FB, 0x1F400)}
_VERB_BEFORE = word_set(
    "i we will ill i'll we'll gonna to should must would i'd wanna gotta shall can could and"
)
_PLURAL_BEFORE = word_set("are all those these they them were such")
_REGIONAL_A = 0x1F1E6
_BEYOND_TEXT = re.compile("[\u2600-\U0010ffff]")
_LETTER_RANGES = (0x1F170, 0x1F150)  # negative squared and negative circled capitals A-Z
_MIN_REGIONAL_RUN = 3  # two regional indicators are a flag ("🇺🇸"), three or more spell
_WINDOW = 40  # characters read before an emoji for its word: enough for "going to", bounded


def _letter(char: str) -> str | None:
    """The Latin letter a letter emoji shows (🅱, 🅐, a regional indicator), else None."""
    code = ord(char)
    for start in (*_LETTER_RANGES, _REGIONAL_A):
        if start <= code < start + 26:
            return chr(ord("a") + code - start)
    return None


def _is_symbol(char: str) -> bool:
    """An emoji or pictograph (not a letter, digit, punctuation mark or space)."""
    code = ord(char)
    return code >= 0x2600 and not char.isalnum() and char not in JOINERS


def _neighbour(text: str, i: int, step: int) -> str:
    """The nearest character before (step -1) or after (step 1) i that is no joiner."""
    i += step
    while 0 <= i < len(text) and text[i] in JOINERS:
        i += step
    return text[i] if 0 <= i < len(text) else ""


def _word_before(text: str, i: int) -> str:
    """The word just before position i, lower-cased, straight apostrophes."""
    words = text[max(0, i - _WINDOW) : i].replace("\u2019", "'").lower().split()
    return words[-1].strip('.,!?;:"') if words else ""


def _regional_runs(text: str) -> set[int]:
    """Positions of regional indicators in runs long enough to spell a word."""
    found: set[int] = set()
    run: list[int] = []
    for i, char in enumerate((*text, "")):
        if char and ord(char) - _REGIONAL_A in range(26):
            run.append(i)
            continue
        if len(run) >= _MIN_REGIONAL_RUN:
            found.update(run)
        run = []
    return found


def _word(text: str, i: int) -> str | None:
    """The word an emoji at i stands for, from its kind and the words around it."""
    char = text[i]
    if char == WHITE_FLAG:
        return FLAGS.get(_neighbour(text, i, 1))
    if char in FLAGS and _neighbour(text, i, -1) == WHITE_FLAG:
        return ""  # already read with its white flag
    before = _word_before(text, i)
    if char in WEAPONS:
        noun, verb = WEAPONS[char]
        return verb if before in _VERB_BEFORE or before.endswith("'ll") else noun
    if char == MIDDLE_FINGER:
        after = text[i + 1 :].lower().split()[:1]
        return "fuck" if after and after[0].strip(".,!?") in _OBJECTS else "fuck you"
    if char in NOUNS:
        if _neighbour(text, i, -1) == char:
            return ""  # a repeat: the first one of the run was read as the plural
        one, many = NOUNS[char]
        return many if before in _PLURAL_BEFORE or _neighbour(text, i, 1) == char else one
    return None


def expand(text: str) -> Iterator[tuple[int, str]]:
    """(index in text, what it reads as) for each character; emoji become words or letters."""
    if not _BEYOND_TEXT.search(text):
        yield from enumerate(text)  # no emoji or letter emoji: most comments
        return
    regional = _regional_runs(text) if any(0x1F1E6 <= ord(c) < 0x1F200 for c in text) else ()
    for i, char in enumerate(text):
        letter = _letter(char)
        if letter is not None and (i in regional or ord(char) < _REGIONAL_A):
            yield i, letter
        elif not _is_symbol(char):
            yield i, char
        elif _neighbour(text, i, -1).isalpha() and _neighbour(text, i, 1).isalpha():
            yield i, "*"  # "sh💩t", "f🦆ck": a hidden letter
        elif (word := _word(text, i)) is not None:
            if word:
                yield i, f" {word} "
        else:
            yield i, char
