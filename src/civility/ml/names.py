"""Names that are swear words or slurs in lower case: "Dick Cheney", "Niki Lauda", "Lund".

A listed word written as a name (capitalised, and beside another name, a title or an
initial, after a preposition, or opening a sentence before a verb) is read as a name, so
that "Philip K. Dick wrote the novel." is not held for profanity. Not names: "DICK"
(shouting), "You Dick!" (after an insulting word), a sentence that swears otherwise or
capitalises its small words ("All these hoes want is Good Dick", "Fuck Trump And His Dick":
tweets capitalise at random).
"""

from __future__ import annotations

import re

from civility.ml.lexicon import PROFANITY, SLURS, word_set

# Swear words and slurs that are also common given names, surnames or places.
NAME_HOMONYMS = word_set("dick dyke lauda lund randi fuk coon negro")
PLACEHOLDER = "name"
TITLES = word_set("mr mrs ms miss dr prof sir dame lord lady mayor minister senator judge st saint")
# After a name at the start of a sentence: "Dick said", "Randi and her sister".
_NAME_VERBS = word_set("is was has had said says and wrote writes won will would told who")
# Before a swear word these make it an insult, whatever its capital: "You Dick!", "such a Dick".
_INSULT_BEFORE = word_set(
    "a an you your ur u ya such the what this that stupid fucking little big total"
)
# Inside a sentence a name follows these: "studied at Lund", "I agree with Randi".
_BEFORE_NAME = word_set(
    "at in with by from to and or for about on of like said says told called named thanks vs"
)
_SWEARING = (PROFANITY | SLURS | word_set("hoe hoes azz")) - NAME_HOMONYMS
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)?")
_SENTENCE_END = re.compile(r"[!?\n]|(?<![A-Z])\.")  # "K." is an initial, not an end
# Capitalised inside a sentence, these make it a headline ("Fuck Trump And His Dick"), not names.
_FUNCTION_WORDS = word_set(
    "and or but his her their its the a an of to in on for with is are you your"
)
_HOMONYM = re.compile(r"\b(?:" + "|".join(sorted(NAME_HOMONYMS)) + r")\b", re.IGNORECASE)


def _is_capitalised(word: str) -> bool:
    """ "Dick", "K"; not "dick" or "DICK"."""
    return word[0].isupper() and (len(word) == 1 or word[1:].islower())


def _sentences(text: str) -> list[list[re.Match[str]]]:
    """The words of each sentence, with their positions."""
    sentences: list[list[re.Match[str]]] = [[]]
    end = 0
    for match in _WORD.finditer(text):
        if sentences[-1] and _SENTENCE_END.search(text, end, match.start()):
            sentences.append([])
        sentences[-1].append(match)
        end = match.end()
    return sentences


def _is_name(words: list[str], i: int) -> bool:
    """Whether the capitalised homonym at position i of a sentence's words is a name."""
    before = words[i - 1] if i > 0 else ""
    after = words[i + 1] if i + 1 < len(words) else ""
    if before and (before.lower() in TITLES or _is_capitalised(before)):
        return before.lower() not in _INSULT_BEFORE
    if after and _is_capitalised(after):
        return True
    if before:
        return before.lower() in _BEFORE_NAME
    return after.lower() in _NAME_VERBS


def name_spans(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of each listed word the text uses as a name."""
    if not _HOMONYM.search(text):
        return ()
    spans = []
    for sentence in _sentences(text):
        words = [m.group() for m in sentence]
        lower = [w.lower() for w in words]
        if any(w in _SWEARING for w in lower) or any(
            w in _FUNCTION_WORDS and _is_capitalised(words[i + 1]) for i, w in enumerate(lower[1:])
        ):
            continue
        for i, match in enumerate(sentence):
            word = words[i]
            if word.lower() in NAME_HOMONYMS and _is_capitalised(word) and _is_name(words, i):
                spans.append((match.start(), match.end()))
    return tuple(spans)
