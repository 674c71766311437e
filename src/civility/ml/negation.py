"""Insulting words a comment negates: "you are not an idiot", "I don't think he is stupid".

The training sets label almost no negated insults, so every model learned the word, not what
is said of it: "I don't think the minister is stupid." scored 0.98 `insult`. A word counts as
negated when a negation stands a few words before it in the same clause, unless the clause is a
command ("don't be an idiot"), a rhetorical question ("isn't he pathetic?") or an intensifier
follows the negation ("not just an idiot", "not the only fool"), or the word names someone or
something the clause keeps ("I won't vote for that idiot", "you can't fix stupid"). A label the
sentence disowns counts too: "Calling him a clown is unfair."
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from civility.ml import lexicon
from civility.ml.lexicon import word_set

# Words that make a comment disrespectful of someone or of what they said.
DISMISSIVE_WORDS = (
    lexicon.INSULT_WORDS
    | lexicon.DEMEANING_WORDS
    | word_set(
        """
        nonsense claptrap drivel idiocy ridiculous absurd ludicrous silly hogwash baloney
        laughable crazy insane rubbish garbage dumber stupidity
        """
    )
)
NEGATORS = word_set(
    """
    not no never nobody noone neither nor hardly cannot
    don't doesn't didn't isn't aren't wasn't weren't won't wouldn't can't couldn't shouldn't
    ain't hasn't haven't hadn't mustn't
    dont doesnt didnt isnt arent wasnt werent wont wouldnt cant couldnt shouldnt aint hasnt
    havent hadnt
    """
)
# "not just an idiot", "not the only fool", "not even a good liar": the verdict stands.
_INTENSIFIERS = word_set("just only merely simply even much more")
# The word names someone the clause is about, whatever it denies: "not a word from this clown",
# "I won't vote for that idiot", "nobody listens to your nonsense".
_PREPOSITIONS = word_set("from of by with about for to at like than")
_POINTERS = word_set("this that these those your his her their our my")
_COPULAS = word_set("is are was were be been being")
# What may stand between the negation and the word it denies: "is not a", "nobody here is an",
# "you aren't really that". Any other word makes it an object the clause keeps: "can't fix
# stupid", "does not suffer fools", "never seen so many losers".
_FILLERS = word_set(
    """
    a an the is are was were be been being am he she you they it i we him her them me us his its
    their your our here there really that so very too particularly exactly entirely totally
    completely quite actually one body he's she's you're they're it's i'm we're that's
    """
)
# ... unless a verb of saying or thinking opens a clause of its own: "I don't think the minister
# is stupid", "I'm not saying you're an idiot", "nobody called him a liar". Not "believe":
# "I can't believe how stupid this is" exclaims.
_REPORTING = word_set(
    """
    think thinks thought say says saying said call calls calling called mean
    means meant suggest suggests suggesting suggested claim claims claiming claimed consider
    considers find finds imply implies implying implied accuse accuses accusing accused
    """
)
_SECOND_PERSON = word_set("you you're your yourself")
# Negations that give an order before "be"; "won't be", "may not be" do not.
_ORDERS = word_set("don't dont never")
# How far before the word a negation may stand ("I don't really think he is that stupid").
WINDOW = 7
_CLAUSE_BREAK = re.compile(r"[.,;:!?\n]")
_CLAUSE_WORDS = word_set("but yet although though because")
# "Calling him a clown is unfair": the gerund is the subject, the verdict falls on the calling.
_LABELLING = word_set("calling labelling labeling branding dubbing")
_DISAVOWALS = word_set(
    """
    wrong unfair unjust untrue false uncalled unkind unwarranted unjustified unacceptable
    inappropriate disrespectful rude mean cheap childish lazy hurtful baseless
    """
)
_NOT_GOOD = word_set("fair right ok okay true helpful")


def negated_dismissals(text: str, tokens: Sequence[tuple[str, int, int]]) -> tuple[int, int]:
    """(dismissive words, of which negated) among the tokens of normalised `text`.

    A swear word counts only where it stands ("another dumbass Democrat, he's not lazy" is
    no denial); negated, it is left to `profanity` ("no fucking way" denies no one anything).
    """
    words = [token.replace("\u2019", "'") for token, _, _ in tokens]
    found = negated = 0
    breaks: list[tuple[int, str]] | None = None
    for i, word in enumerate(words):
        profane = word in lexicon.PROFANITY
        if word not in DISMISSIVE_WORDS and not profane:
            continue
        if breaks is None:  # found once, so that a long text is read in linear time
            breaks = [(m.start(), m.group()) for m in _CLAUSE_BREAK.finditer(text)]
        denied = _disowned(words, i) or (
            not _ends_in_question(breaks, tokens[i][2]) and _negated(text, tokens, words, i)
        )
        if profane and denied:
            continue
        found += 1
        negated += denied
    return found, negated


def _negated(text: str, tokens: Sequence[tuple[str, int, int]], words: list[str], i: int) -> bool:
    """Whether token i stands under a negation of its own clause."""
    if i and words[i - 1] in _POINTERS and not _degree(words, i - 1):
        return False
    # "He's not a coward like you": the denial passes the label on.
    if "like" in words[i + 1 : i + 3] and any(w in _SECOND_PERSON for w in words[i + 1 : i + 4]):
        return False
    for j in range(i - 1, max(-1, i - WINDOW - 1), -1):
        if words[j] in _CLAUSE_WORDS or _CLAUSE_BREAK.search(text, tokens[j][2], tokens[j + 1][1]):
            return False
        if words[j] in NEGATORS:
            between = words[j + 1 : i]
            if any(w in _INTENSIFIERS or w in _PREPOSITIONS for w in between):
                return False
            if not any(w in _REPORTING for w in between) and any(
                w not in _FILLERS for w in between
            ):
                return False
            return not _command(words, j)
    return False


def _disowned(words: list[str], i: int) -> bool:
    """Whether token i is a label the sentence judges: "calling him a clown is unfair"."""
    if not any(w in _LABELLING for w in words[max(0, i - 5) : i]):
        return False
    after = words[i + 1 : i + 9]
    for k, word in enumerate(after):
        if word in _COPULAS:
            verdict = after[k + 1 : k + 4]
            if any(w in _DISAVOWALS for w in verdict):
                return True
            if "not" in verdict and any(w in _NOT_GOOD for w in verdict):
                return True
    return False


def _degree(words: list[str], k: int) -> bool:
    """Whether "that" at k means "so": "he is that stupid", not "that idiot"."""
    return words[k] == "that" and k > 0 and words[k - 1] in _COPULAS


def _command(words: list[str], j: int) -> bool:
    """Whether the negation at j gives an order: "Don't be an idiot.", "never be so stupid"."""
    if j + 1 >= len(words) or words[j + 1] != "be":
        return False
    return words[j] in _ORDERS or (words[j] == "not" and j > 0 and words[j - 1] == "do")


def _ends_in_question(breaks: list[tuple[int, str]], end: int) -> bool:
    """Whether the clause running on from `end` closes with a question mark."""
    at = bisect_left(breaks, (end, ""))
    return at < len(breaks) and breaks[at][1] == "?"
