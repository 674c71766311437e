"""Comments that are on-topic whatever their words: remarks on the article, short replies."""

from __future__ import annotations

import re

from civility.domain import Submission

SHORT_REPLY_WORDS = 12
META_REMARK_MAX_WORDS = 40

# "The title does not fit the content", "the picture is impressive": about the article itself.
META_REMARK = re.compile(
    r"\b(article|title|headline|picture|photo|photograph|image|caption|video|author|writer|"
    r"journalist|reporter|editor|editorial|column|columnist|story|piece|report|reporting|"
    r"typo|well[- ]written|poorly written|this news)s?\b",
    re.IGNORECASE,
)
# Short agreement or disagreement continues a conversation, whatever its words.
REACTION = re.compile(
    r"^\W*(yes|yeah|yep|no|nope|really|agreed?|i agree|i disagree|disagree|exactly|correct|"
    r"right|true|false|wrong|indeed|nonsense|rubbish|well said|good point|so true|"
    r"absolutely|of course|ohh?|sure|not really|not true|\+1)\b",
    re.IGNORECASE,
)
LINK = re.compile(r"https?://|www\.|\.com\b", re.IGNORECASE)
REPLY_MARKER = re.compile(r"^\s*@[^:\n]{1,60}:")


def on_topic_reason(sub: Submission, *, unrelated: bool = False) -> str | None:
    """Why a comment is on-topic whatever its similarity, if it is one of the known kinds.

    `unrelated`: the comment is further from its parent than nearly every real reply is from
    its own; a short reply is then not taken for part of the thread.
    """
    text = sub.text
    if LINK.search(text):
        return None  # advertising often says "this article": links never rescue a comment
    words = len(text.split())
    if words <= META_REMARK_MAX_WORDS and (match := META_REMARK.search(text)):
        return f"a remark about the article itself ('{match.group(0)}')"
    body = REPLY_MARKER.sub("", text, count=1)
    is_reply = bool(sub.parent_text and sub.parent_text.strip()) or body != text
    if words <= SHORT_REPLY_WORDS and is_reply and not unrelated:
        return "a short reply in the conversation"
    if len(body.split()) <= SHORT_REPLY_WORDS and REACTION.search(body):
        return "a short agreement or disagreement"
    return None
