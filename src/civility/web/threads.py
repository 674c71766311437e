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


def build_threads(comments: Sequence[Comment]) -> list[Node]:
    """Top-level comments with their replies; a reply to a hidden comment stands on its own."""
    nodes = {comment.id: Node(comment) for comment in comments}
    roots: list[Node] = []
    for comment in comments:
        parent = nodes.get(comment.parent_id) if comment.parent_id is not None else None
        (parent.children if parent is not None else roots).append(nodes[comment.id])
    return roots
