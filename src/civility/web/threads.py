"""Comments as threads: each reply nested under the comment it answers, in writing order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from sqlalchemy.orm import Session

from civility.domain import CommentStatus
from civility.store import comments as store
from civility.store.models import Comment

# Threads (a comment that answers no shown comment, with all its replies) per article page: 50
# threads of 3,000 comments make a page of about 150 kB, where all of them made 5.8 MB.
THREADS_PER_PAGE = 50
# Replies nested deeper than this are shown beside their parent: a chain of replies to replies
# hundreds deep exceeded the templates' recursion limit, and the page failed for every reader.
MAX_DEPTH = 6
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
    """Top-level comments with their replies; a reply to a hidden comment stands on its own.

    Replies nest MAX_DEPTH deep at most: below that, a thread's replies are listed one after
    another in writing order, each "@Name" label linking to the comment it answers.
    """
    nodes = {comment.id: Node(comment) for comment in comments}
    roots: list[Node] = []
    for comment in comments:
        parent = nodes.get(comment.parent_id) if comment.parent_id is not None else None
        (parent.children if parent is not None else roots).append(nodes[comment.id])
    stack = [(root, 0) for root in roots]
    while stack:  # not recursive: a chain of replies may be thousands deep
        node, depth = stack.pop()
        if depth == MAX_DEPTH - 1:
            node.children = _flattened(node.children)
        else:
            stack.extend((child, depth + 1) for child in node.children)
    return roots


def _flattened(nodes: list[Node]) -> list[Node]:
    """These nodes and every reply under them, side by side, in writing order."""
    found, todo = [], list(nodes)
    while todo:
        node = todo.pop()
        found.append(node)
        todo.extend(node.children)
        node.children = []
    return sorted(found, key=lambda node: (node.comment.created_at, node.comment.id))


@dataclass(frozen=True)
class ThreadPage:
    """One page of an article's threads, and where it stands among the pages."""

    threads: list[Node]
    published_ids: set[int]
    page: int
    pages: int
    published_count: int = 0  # on the article, every page: "COMMENTS (N)"

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

    def flat(self) -> list[Comment]:
        """The page's comments one after another, as the JSON API lists them: in writing order,
        then the reader's held ones that answer no published comment, with their replies, last
        (where the page shows them)."""
        found: list[tuple[bool, Comment]] = []
        for root in self.threads:
            last, todo = root.comment.status is not CommentStatus.PUBLISHED, [root]
            while todo:  # not recursive, as build_threads
                node = todo.pop()
                found.append((last, node.comment))
                todo.extend(node.children)
        return [c for _, c in sorted(found, key=lambda f: (f[0], f[1].created_at, f[1].id))]


@dataclass(frozen=True)
class _Threads:
    """An article's published comments as build_threads nests them, oldest thread first."""

    starts: list[int]  # each thread's first comment: one that answers no published comment
    thread_of: dict[int, int]  # comment -> the start of its thread
    published_count: int  # an imported parent cycle's comments too, which no thread holds

    @classmethod
    def read(cls, session: Session, article_id: int) -> _Threads:
        """The article's threads, from its published comments' ids and parents."""
        links = store.published_links(session, article_id=article_id)
        parent_of = dict(links)
        starts = [i for i, parent in links if parent not in parent_of]
        thread_of = {start: start for start in starts}
        for comment_id, _ in links:
            chain: dict[int, None] = {}  # in order, and found at once
            at: int | None = comment_id
            # Up to a comment whose thread is known (a start's parent is no published comment,
            # so `at` is never None here); an imported parent cycle has none, and its comments
            # are shown nowhere, as build_threads leaves them out.
            while at is not None and at not in thread_of and at not in chain:
                chain[at] = None
                at = parent_of[at]
            if at is not None and at in thread_of:
                thread_of.update(dict.fromkeys(chain, thread_of[at]))
        return cls(starts, thread_of, len(links))

    def members(self, starts: list[int]) -> list[int]:
        """The comments of these threads."""
        wanted = set(starts)
        return [c for c, start in self.thread_of.items() if start in wanted]

    def index_of(self, comment_id: int) -> int | None:
        """How many threads come before the one holding this published comment."""
        start = self.thread_of.get(comment_id)
        return None if start is None else self._position[start]

    @cached_property
    def _position(self) -> dict[int, int]:
        return {start: n for n, start in enumerate(self.starts)}


def thread_page(
    session: Session,
    *,
    article_id: int,
    page: int,
    focus: tuple[int, ...],
    pending: list[Comment],
) -> ThreadPage:
    """Page `page` of the article's threads, oldest first, or the page holding the first
    comment of `focus` this reader can see (a published one, or one of their `pending` ones).

    A held comment shows in the thread it answers; one that answers no published comment (a
    top-level one) shows at the end of the last page, where a new comment lands.
    """
    threads = _Threads.read(session, article_id)
    placed = _place_pending(threads, pending)
    pages = max(1, -(-len(threads.starts) // THREADS_PER_PAGE))
    found = next(filter(None, (_page_of(threads, i, placed, pages) for i in focus)), None)
    page = min(found or page, pages)
    first = (page - 1) * THREADS_PER_PAGE
    members = threads.members(threads.starts[first : first + THREADS_PER_PAGE])
    published = store.list_by_ids(session, members)
    shown = {c.id for c in published}
    answering = [c for c in pending if placed[c.id] in shown]
    at_end = [c for c in pending if placed[c.id] is None] if page == pages else []
    roots = build_threads([*_in_writing_order([*published, *answering]), *at_end])
    return ThreadPage(roots, shown, page, pages, threads.published_count)


def _place_pending(threads: _Threads, pending: list[Comment]) -> dict[int, int | None]:
    """The published comment each held one answers, through the reader's other held ones
    (None: it answers none, and goes at the end)."""
    held = {c.id: c for c in pending}
    answers: dict[int, int | None] = {}
    for comment in pending:
        parent_id, seen = comment.parent_id, {comment.id}
        while parent_id in held and parent_id not in seen:
            seen.add(parent_id)
            parent_id = held[parent_id].parent_id
        shown = parent_id not in held and parent_id in threads.thread_of
        answers[comment.id] = parent_id if shown else None
    return answers


def _page_of(
    threads: _Threads, focus: int, placed: dict[int, int | None], pages: int
) -> int | None:
    """The page holding comment `focus`, if this reader can see it."""
    published_id = placed.get(focus, focus)
    if published_id is None:
        return pages
    index = threads.index_of(published_id)
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
