"""Comments as threads: each reply nested under the comment it answers, in writing order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from civility.store.models import Comment


@dataclass
class Node:
    """A comment and the replies under it."""

    comment: Comment
    children: list[Node] = field(default_factory=list)

    @property
    def opens_with_its_mention(self) -> bool:
        """Whether the text starts with the @name it answers: then no label, linked or not,
        repeats it (embed.js applies the same test)."""
        name = self.comment.reply_to_name
        return name is not None and opens_with_mention(self.comment.text, name)


def build_threads(comments: Sequence[Comment]) -> list[Node]:
    """Top-level comments with their replies; a reply to a hidden comment stands on its own."""
    nodes = {comment.id: Node(comment) for comment in comments}
    roots: list[Node] = []
    for comment in comments:
        parent = nodes.get(comment.parent_id) if comment.parent_id is not None else None
        (parent.children if parent is not None else roots).append(nodes[comment.id])
    return roots


def opens_with_mention(text: str, name: str) -> bool:
    """Whether `text` begins with @name, in any case, after any leading whitespace."""
    head = text.lstrip()
    mention = f"@{name}"
    if head[: len(mention)].casefold() != mention.casefold():
        return False
    # "@MarkHenry" names someone else than MarkH: the name must end where the mention does.
    rest = head[len(mention) :]
    return not rest or not (rest[0].isalnum() or rest[0] == "_")
