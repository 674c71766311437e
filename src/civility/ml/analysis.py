"""Turns a comment into tokens, n-gram features and cue flags, keeping every offset."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from civility.ml import lexicon
from civility.ml.negation import negated_dismissals
from civility.ml.segment import glued_words
from civility.ml.textnorm import Normalized

TOKEN = re.compile(r"\w+(?:[*'\u2019]+\w+)*|\*{2,}")
# Top-level domains that are not also words after a missing space ("left.in the end").
URL = re.compile(
    r"https?://|www\.|\b[\w-]+\.(?:com|net|org|ly|info|biz|shop|store|online|site|xyz|top|club|io"
    r"|app|pk)\b",
    re.IGNORECASE,
)
# Each cue starts a word: "visit" is no cue inside "revisit", nor "promo" inside "promotion".
SPAM_CUE = re.compile(
    r"\b(?:check\s*(?:it\s*)?out|subscribe|my\s+channel|my\s+(?:new\s+)?video|follow\s+me|"
    r"free\s+\w+|earn\s+\$?\d|make\s+money|click|visit|promo(?!te|tion|ting)|giveaway|whatsapp"
    r"|telegram|\d+\s*%\s*off(?=\s+(?:today|now|all|everything|on|at|sitewide)\b|\s*[!.,]|$)"
    r"|discount\s+codes?|followers\s+for\s+(?:just\s+|only\s+)?\$?\d|bad\s+credit|instant\s+approval"
    r"|today\s+only|limited\s+offer|order\s+now|buy\s+now|shop\s+now|call\s+now)",
    re.IGNORECASE,
)
# A phone number to write to, with an offer beside it: the comment spam of South Asian news sites
# ("Online job for students ... WhatsApp 0300-1234567"), which has no link to find.
PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)\d{1,3}[ \-]?\d{1,4}(?:[ \-]?\d{2,4}){1,3}|0\d{3}[ \-]?\d{7}"
    r"|0\d{2,3}[ \-]\d{3}[ \-]?\d{4})(?!\d)"
)
# An address to write to, the spam of sites that strip links: "Contact Dr Okuta on x@gmail.com".
EMAIL = re.compile(
    # Bounded parts (an address's own limits): unbounded ones backtrack on runs of "a.a.a.".
    r"(?<![\w.+\-])[\w.+\-]{1,64}@[\w\-]{1,63}(?:\.[\w\-]{1,63}){0,4}\.[a-z]{2,24}\b",
    re.IGNORECASE,
)
OFFER = re.compile(
    r"\b(?:earn|earning|income|jobs?|salary|payment|order|delivery|offer|discount|price|rates|deals?"
    r"|guarantee[d]?|won|winner|prize|lucky\s+draw|loans?|investment|followers|whatsapp|telegram"
    r"|contact|call|sms|amil|baba|jadu|black\s+magic|love\s+marriage|rishta|spell\s+caster)\b",
    re.IGNORECASE,
)
ID_MARK = "_id_"
_GROUP_PRONOUNS = frozenset(("they", "them", "these", "those"))
# "they're" is one token: after a group it reads as the group and "are".
_GROUP_PRONOUNS_ARE = frozenset(("they're", "they\u2019re", "theyre"))
_SENTENCE_END = re.compile(r"[.!?;\n]")
# A swear word set off by a comma is an exclamation, not said of the next word: "Damn, women
# have had a rough year." is no "damn women".
_INTERJECTIONS = frozenset(
    ("damn", "damned", "fucking", "fuckin", "bloody", "goddamn", "shit", "fuck")
)
_PAUSE = re.compile(r"[,:\u2013\u2014]")
# A quotation: an opening mark after a space or the start, closed before a space or punctuation.
# At most 300 characters: a text of unclosed quote marks is then read in linear time.
_QUOTED = re.compile(
    "(?:^|(?<=[\\s(:]))[\"'\u201c\u2018](.{1,300}?)[\"'\u201d\u2019](?=[\\s.,!?;:)]|$)"
)
# Someone spoken of: swearing near these words may be aimed at them.
_THIRD_PERSON = re.compile(r"\b(?:he|she|him|her|his|hers|they|them|their|he's|she's|they're)\b")
CHAR_SIZES = (3, 4, 5)
CUES = (
    "profanity_count",
    "has_profanity",
    "has_slur",
    "has_identity",
    "has_insult_word",
    "has_second_person",
    "negated_hate",
    "counter_speech",
    "derogation",
    "threat_pattern",
    "threat_at_someone",
    "insult_at_you",
    "urls",
    "spam_cues",
    "caps_ratio",
    "log_length",
    "aimless_profanity",
    "negated_insult",
    "name_calling",
    "contact_ad",
)


@dataclass(frozen=True, slots=True)
class Analysis:
    """A comment's normalised text, its tokens (with normalised offsets) and its features."""

    norm: Normalized
    tokens: tuple[tuple[str, int, int], ...]
    words: tuple[str, ...]  # tokens with identity terms replaced by ID_MARK
    cues: tuple[float, ...]
    cue_tokens: dict[str, tuple[int, ...]]


@lru_cache(maxsize=200_000)
def char_grams(token: str) -> tuple[str, ...]:
    """Character 3-5-grams of a word with boundary marks (like scikit-learn's char_wb)."""
    padded = f" {token} "
    return tuple(
        "c:" + padded[i : i + n] for n in CHAR_SIZES for i in range(max(1, len(padded) - n + 1))
    )


@lru_cache(maxsize=4096)
def _wildcard(token: str) -> re.Pattern[str]:
    """A pattern for a starred token: 'f*ck' matches 'fuck', 'a**hole' matches 'asshole'."""
    parts = [re.escape(p) for p in re.split(r"\*+", token)]
    return re.compile("[a-z]{1,3}".join(parts))


@lru_cache(maxsize=65536)
def is_profane(token: str) -> bool:
    """Whether a normalised token is a swear word, starred or stretched spellings included."""
    if token in lexicon.PROFANITY or token.startswith(lexicon.PROFANE_PREFIXES):
        return True
    if "*" in token and len(token.strip("*")) >= 1 and token.strip("*") != "":
        pattern = _wildcard(token)
        return any(pattern.fullmatch(word) for word in lexicon.PROFANITY)
    squeezed = re.sub(r"(.)\1+", r"\1", token)
    return squeezed != token and squeezed in _SQUEEZED_PROFANITY


_SQUEEZED_PROFANITY = frozenset(
    re.sub(r"(.)\1+", r"\1", w) for w in lexicon.PROFANITY - lexicon.PROFANITY_EXACT_ONLY
)


def analyze(text: str, normalize: Callable[[str], Normalized]) -> Analysis:
    """Tokens, word and character n-grams, and cue flags of one comment."""
    norm = normalize(text)
    tokens = _unglued(TOKEN.finditer(norm.text), text, norm)
    words = _words(tokens)
    cue_tokens = _cue_tokens(tokens, words)
    # Demeaning words anywhere, others' reported words included: hate only inside quotation
    # marks is a mention; outside them, it is the writer's unless it only reports others.
    demeaning = _has_derogation(norm.text, tokens, words, reported=True)
    quoted = demeaning and _only_quoted(norm.text, tokens, words)
    used = demeaning and not quoted and _has_derogation(norm.text, tokens, words)
    mentioned = quoted or (not used and _slurs_reported(norm.text, tokens, cue_tokens["slur"]))
    cues = _cues(text, norm.text, cue_tokens, used, mentioned)
    found, negated = negated_dismissals(norm.text, tokens)
    negated_insult = found > 0 and negated == found
    name_calling = not negated_insult and any(
        pattern.search(norm.text) is not None
        for pattern in (lexicon.NAME_CALLING, lexicon.CALLED_ADJECTIVE)
    )
    reachable = PHONE.search(text) is not None or EMAIL.search(text) is not None
    contact_ad = reachable and OFFER.search(text) is not None
    cues = (*cues, float(negated_insult), float(name_calling), float(contact_ad))
    return Analysis(norm, tokens, tuple(words), cues, cue_tokens)


def _is_handle(raw: str, norm: Normalized, start: int) -> bool:
    """Whether the token at normalised offset `start` is a @handle in the original text."""
    first = norm.offsets[start] if start < len(norm.offsets) else 0
    return raw[first : first + 1] == "@" or raw[first - 1 : first] == "@"


def _unglued(
    matches: Iterator[re.Match[str]], raw: str, norm: Normalized
) -> tuple[tuple[str, int, int], ...]:
    """Tokens with their offsets; glued words ("gaypeople", "killallmuslims") are split."""
    out: list[tuple[str, int, int]] = []
    for m in matches:
        token, start = m.group(), m.start()
        cuts = lexicon.unglued(token) if len(token) > 4 else ()
        # A @handle names an account, not a group: "@AnUglyNigga" is no sentence. (The
        # normaliser reads a leading "@" as the letter "a", so the original text tells.)
        if not cuts and len(token) > 4:
            cuts = glued_words(token.lower())
            cuts = () if cuts and _is_handle(raw, norm, start) else cuts
        bounds = (0, *cuts, len(token))
        out.extend((token[a:b], start + a, start + b) for a, b in pairwise(bounds))
    return tuple(out)


def _has_derogation(
    text: str,
    tokens: tuple[tuple[str, int, int], ...],
    words: list[str],
    *,
    reported: bool = False,
) -> bool:
    """Whether a sentence says something demeaning of a named group (identity terms masked).

    `reported`: others' words ("people say X are ...") count too.
    """
    if ID_MARK not in words:
        return False
    sentence: list[str] = []
    named = False  # the previous sentence named a group: "they" may refer to it
    # This sentence has named one so far: kept as a flag, since searching the sentence for it at
    # every word took time quadratic in a long sentence's length (1.5 s for 46,000 characters).
    naming = False
    for i, word in enumerate(words):
        if i and _SENTENCE_END.search(text, tokens[i - 1][2], tokens[i][1]):
            if _derogates(sentence, reported=reported):
                return True
            named, naming, sentence = naming, False, []
        if word in _INTERJECTIONS and _paused_after(text, tokens, i):
            continue
        # "they" may refer to a group named before it, in this sentence or the last.
        refers = named or naming
        if refers and word in _GROUP_PRONOUNS_ARE:
            sentence += [ID_MARK, "are"]
            naming = True
            continue
        marked = ID_MARK if refers and word in _GROUP_PRONOUNS else word
        sentence.append(marked)
        naming = naming or marked == ID_MARK
    return _derogates(sentence, reported=reported)


def _paused_after(text: str, tokens: tuple[tuple[str, int, int], ...], i: int) -> bool:
    """Whether a comma, colon or dash stands between token i and the next one."""
    return i + 1 < len(tokens) and _PAUSE.search(text, tokens[i][2], tokens[i + 1][1]) is not None


def _only_quoted(text: str, tokens: tuple[tuple[str, int, int], ...], words: list[str]) -> bool:
    """Whether the demeaning words are all inside quotation marks: hate mentioned, not used."""
    spans = [m.span(1) for m in _QUOTED.finditer(text)]
    if not spans:
        return False
    outside = [
        i for i, (_, start, _) in enumerate(tokens) if not any(a <= start < b for a, b in spans)
    ]
    kept = tuple(tokens[i] for i in outside)
    return not _has_derogation(text, kept, [words[i] for i in outside], reported=True)


# A verb of calling just before a quotation: "She was called a 'P*ki' at school."
_CALLED = re.compile(
    r"\b(?:called|calling|call|calls|shouted|yelled|screamed|word|slur)\s+(?:\w+\s+){0,2}?$"
)


def _slurs_reported(
    text: str, tokens: tuple[tuple[str, int, int], ...], slurs: tuple[int, ...]
) -> bool:
    """Whether every slur is inside quotation marks after a verb of calling: reported, not used."""
    if not slurs:
        return False
    spans = [m.span(1) for m in _QUOTED.finditer(text)]
    for i in slurs:
        start = tokens[i][1]
        quote = next((a for a, b in spans if a <= start < b), None)
        if quote is None or not _CALLED.search(text, max(0, quote - 41), quote - 1):
            return False
    return True


def _derogates(words: list[str], *, reported: bool = False) -> bool:
    """DEROGATION on one sentence's words, only when it names a group."""
    return ID_MARK in words and lexicon.derogates(" ".join(words), reported=reported)


def word_grams(word: str) -> tuple[str, ...]:
    """The n-grams of one word on its own: the word, then its character n-grams."""
    if word == ID_MARK:
        # The bare identity marker carries no meaning of its own; its context does.
        return ()
    return ("w:" + word, *char_grams(word))


def grams(analysis: Analysis) -> Iterator[tuple[str, int, int]]:
    """Every n-gram with its first token and last token + 1: words, bigrams, characters."""
    words = analysis.words
    for i, word in enumerate(words):
        for gram in word_grams(word):
            yield gram, i, i + 1
        if i:
            yield bigram(words[i - 1], word), i - 1, i + 1


def bigram(first: str, second: str) -> str:
    """The feature name of two words in a row."""
    return "b:" + first + " " + second


def _words(tokens: tuple[tuple[str, int, int], ...]) -> list[str]:
    """Tokens with identity terms (also misspelt or split in two) replaced by one marker."""
    words = [t for t, _, _ in tokens]
    for i, word in enumerate(words):
        joined = word + words[i + 1] if i + 1 < len(words) else ""
        if joined and len(word) >= 2 and joined in lexicon.IDENTITY_TERMS:
            words[i], words[i + 1] = ID_MARK, ID_MARK
        elif _names_organisation(words, i):
            continue
        elif lexicon.group_word(word) in lexicon.IDENTITY_TERMS or _member_of_people(words, i):
            words[i] = ID_MARK
    return words


def _names_organisation(words: Sequence[str], i: int) -> bool:
    """Whether word i begins an organisation's name ("Islamic State"), not a group's."""
    return i + 1 < len(words) and (words[i], words[i + 1]) in lexicon.ORGANISATION_NAMES


def _member_of_people(words: list[str], i: int) -> bool:
    """Whether word i is one of a people after a quantifier: "every Nigerian is ..."."""
    if words[i] not in lexicon.PEOPLE_MEMBERS:
        return False
    before = words[i - 1] if i else ""
    if before in ("single", "last") and i > 1:
        before = words[i - 2]
    after = words[i + 1] if i + 1 < len(words) else ""
    return before in lexicon.QUANTIFIERS and (not after or after in lexicon.MEMBER_FOLLOWERS)


def _cue_tokens(
    tokens: tuple[tuple[str, int, int], ...], words: list[str]
) -> dict[str, tuple[int, ...]]:
    """Indices of the tokens that are swear words, slurs, identities, insults, 'you'."""
    found: dict[str, list[int]] = {
        k: [] for k in ("profanity", "slur", "identity", "insult", "you")
    }
    for i, (tok, _, _) in enumerate(tokens):
        group = lexicon.group_word(tok)
        if is_profane(tok):
            found["profanity"].append(i)
        if group in lexicon.SLURS and not _self_described(tokens, i) and not _homonym(tokens, i):
            found["slur"].append(i)
        # A slur in its ordinary sense ("a fag" beside "smoke") names no one; nor does a name.
        named = group is not None or words[i] == ID_MARK
        if named and not _homonym(tokens, i) and not _names_organisation(words, i):
            found["identity"].append(i)
        if tok in lexicon.INSULT_WORDS:
            found["insult"].append(i)
        if tok in lexicon.SECOND_PERSON:
            found["you"].append(i)
    return {k: tuple(v) for k, v in found.items()}


def _self_described(tokens: tuple[tuple[str, int, int], ...], i: int) -> bool:
    """Whether token i is a reclaimed slur used in-group, or of the writer themselves."""
    token = tokens[i][0]
    if token in lexicon.IN_GROUP_FORMS:
        return True
    if token not in lexicon.RECLAIMED:
        return False
    before = [t for t, _, _ in tokens[max(0, i - 4) : i]]
    if any(t in lexicon.AIMED_BEFORE for t in before):
        return False
    if token not in lexicon.RECLAIMED_STRICTLY:
        return any(t in lexicon.SELF_DESCRIPTION for t in before)
    for word in reversed(before):
        if word in lexicon.SELF_DESCRIPTION_STRICT:
            return True
        if word not in lexicon.SELF_DESCRIPTION_FILLERS:
            return False
    return False


def _homonym(tokens: tuple[tuple[str, int, int], ...], i: int) -> bool:
    """Whether token i is a slur's ordinary homonym: "a fag" (cigarette) beside "smoke"."""
    senses = lexicon.SLUR_HOMONYMS.get(tokens[i][0])
    if senses is None:
        return False
    # Said to someone ("you fag") it is the slur, whatever else the comment mentions.
    if any(t in lexicon.SECOND_PERSON for t, _, _ in tokens[max(0, i - 2) : i]):
        return False
    return any(t in senses for t, _, _ in tokens[max(0, i - 8) : i + 9])


def _cues(
    raw: str, text: str, hits: dict[str, tuple[int, ...]], derogation: bool, quoted_hate: bool
) -> tuple[float, ...]:
    """Dense features in [0, 1], in the order of CUES."""
    threat = bool(lexicon.THREAT.search(text) or lexicon.THREAT_ORDER.search(text))
    affirmed = bool(hits["identity"]) and lexicon.AFFIRMED.search(text) is not None
    letters = [c for c in raw if c.isalpha()]
    caps = sum(c.isupper() for c in letters) / len(letters) if len(letters) >= 8 else 0.0
    return (
        min(1.0, math.log1p(len(hits["profanity"])) / 2),
        float(bool(hits["profanity"])),
        float(bool(hits["slur"])),
        float(bool(hits["identity"])),
        float(bool(hits["insult"])),
        float(bool(hits["you"])),
        # A group's rights affirmed count as hate denied, unless the comment demeans one too.
        float(bool(lexicon.NEGATED_HATE.search(text) or (affirmed and not derogation))),
        float(quoted_hate or lexicon.counter_speech(text)),
        float(derogation),
        float(threat),
        float(lexicon.threat_at_someone(text)),
        float(bool(hits["insult"] and hits["you"])),
        min(1.0, len(URL.findall(raw)) / 2),
        min(1.0, len(SPAM_CUE.findall(raw)) / 2),
        caps,
        min(1.0, math.log1p(len(text)) / 8),
        float(_aimless(text, hits)),
    )


def _aimless(text: str, hits: dict[str, tuple[int, ...]]) -> bool:
    """Swearing at no one: no one addressed or spoken of, no group named, no insult word."""
    if not hits["profanity"] or _THIRD_PERSON.search(text):
        return False
    if any(word in lexicon.DEMEANING_WORDS for word in TOKEN.findall(text)):
        return False  # "a fucking disgrace": the swearing comes with a verdict on someone
    return not any(hits[kind] for kind in ("you", "identity", "insult", "slur"))
