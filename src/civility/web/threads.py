"""Comments as threads: each reply nested under the comment it answers, in writing order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from civility.store import comments as store
from civility.store.models import Comment

# Threads (a comment that answers no shown comment, with all its replies) per article page: 50
# threads of 3,000 comments make a page of about 150 kB, where all of them made 5.8 MB.
THREADS_PER_PAGE = 50
# The highest `?page=` accepted (the moderator queue's bound); a page past the last shows the last.
MAX_PAGE = 100_000


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


@dataclass(frozen=True)
class ThreadPage:
    """One page of an article's threads, and where it stands among the pages."""

    threads: list[Node]
    published_ids: set[int]
    page: int
    pages: int

    @property
    def numbers(self) -> list[int | None]:
        """The page numbers to link: the first, the last and two either side of this one, None
        where a run of them is left out."""
        near = {1, self.pages, *range(self.page - 2, self.page + 3)}
        shown = sorted(n for n in near if 1 <= n <= self.pages)
        numbers: list[int | None] = []
        for n in shown:
            if numbers and n - (numbers[-1] or 0) > 1:
                numbers.append(None)
            numbers.append(n)
        return numbers


def thread_page(
    session: Session, *, article_id: int, page: int, focus: int | None, pending: list[Comment]
) -> ThreadPage:
    """Page `page` of the article's threads, oldest first, or the page holding comment `focus`
    when it is one this reader can see (a published one, or one of their `pending` held ones).

    A held comment shows in the thread it answers; one that answers no published comment (a
    top-level one) shows at the end of the last page, where a new comment lands.
    """
    placed = _place_pending(session, article_id, pending)
    threads = store.count_threads(session, article_id=article_id)
    pages = max(1, -(-threads // THREADS_PER_PAGE))
    found = None if focus is None else _page_of(session, article_id, focus, placed, pages)
    page = min(found or page, pages)
    published = store.list_thread_page(
        session,
        article_id=article_id,
        limit=THREADS_PER_PAGE,
        offset=(page - 1) * THREADS_PER_PAGE,
    )
    shown = {c.id for c in published}
    answering = [c for c in pending if placed[c.id] in shown]
    at_end = [c for c in pending if placed[c.id] is None] if page == pages else []
    roots = build_threads([*_in_writing_order([*published, *answering]), *at_end])
    return ThreadPage(roots, shown, page, pages)


def _place_pending(
    session: Session, article_id: int, pending: list[Comment]
) -> dict[int, int | None]:
    """The published comment each held one answers, through the reader's other held ones
    (None: it answers none, and goes at the end)."""
    held = {c.id: c for c in pending}
    answers: dict[int, int | None] = {}
    for comment in pending:
        parent_id, seen = comment.parent_id, {comment.id}
        while parent_id in held and parent_id not in seen:
            seen.add(parent_id)
            parent_id = held[parent_id].parent_id
        answers[comment.id] = None if parent_id in held else parent_id
    wanted = {i for i in answers.values() if i is not None}
    published = store.published_among(session, article_id=article_id, comment_ids=wanted)
    return {i: (p if p in published else None) for i, p in answers.items()}


def _page_of(
    session: Session, article_id: int, focus: int, placed: dict[int, int | None], pages: int
) -> int | None:
    """The page holding comment `focus`, if this reader can see it."""
    published_id = placed.get(focus, focus)
    if published_id is None:
        return pages
    index = store.thread_index(session, article_id=article_id, comment_id=published_id)
    return None if index is None else index // THREADS_PER_PAGE + 1


def _in_writing_order(shown: list[Comment]) -> list[Comment]:
    """Published and pending comments together, as build_threads expects them."""
    return sorted(shown, key=lambda c: (c.created_at, c.id))


def opens_with_mention(text: str, name: str) -> bool:
    """Whether `text` begins with @name, in any case, after any leading whitespace."""
    head = text.lstrip()
    mention = f"@{name}"
    if head[: len(mention)].casefold() != mention.casefold():
        return False
    # "@MarkHenry" names someone else than MarkH: the name must end where the mention does.
    rest = head[len(mention) :]
    return not rest or not (rest[0].isalnum() or rest[0] == "_")
