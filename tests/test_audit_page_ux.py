"""The audit log page as an admin reads it: each decision names its comment's author, a comment
link goes where the comment can be seen, times say UTC, actions read as words (with the raw key
beside them, for grep), and usernames and actions are not broken inside a word."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from conftest import dashboard_login
from sqlalchemy.orm import Session, sessionmaker

from civility.commenting import review
from civility.domain import AuthorTrust, CommentStatus
from civility.passwords import hash_password
from civility.store import articles, audit, authors, comments, moderators

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"
SRC = Path(__file__).resolve().parents[1] / "src" / "civility"
PUBLISHED, HELD, REJECTED = CommentStatus.PUBLISHED, CommentStatus.HELD, CommentStatus.REJECTED


def _admin(factory: sessionmaker[Session]) -> int:
    """An admin `boss`; returns its id."""
    with factory.begin() as session:
        boss = moderators.create(
            session, username="boss", password_hash=hash_password(PASSWORD), now=NOW, role="admin"
        )
        return boss.id


def _comments(
    factory: sessionmaker[Session], statuses: list[CommentStatus], *, names: list[str]
) -> tuple[str, list[tuple[int, int]]]:
    """One article and a comment of each status, each by its own author (named in order);
    returns the slug and each comment's (id, author id)."""
    with factory.begin() as session:
        article = articles.add(session, title="Budget day", body="The budget.", now=NOW)
        made = []
        for i, (status, name) in enumerate(zip(statuses, names, strict=True)):
            author = authors.get_or_create(session, display_name=name, now=NOW)
            comment = comments.add(
                session,
                article_id=article.id,
                author_id=author.id,
                text=f"Comment number {i} on the budget.",
                html="",
                status=status,
                now=NOW + timedelta(seconds=i),
            )
            made.append((comment.id, author.id))
        return article.slug, made


def _decide(
    factory: sessionmaker[Session], moderator_id: int, decisions: list[tuple[int, CommentStatus]]
) -> None:
    """Each comment decided as a moderator decides it (commenting.review writes the entry)."""
    with factory.begin() as session:
        for i, (comment_id, status) in enumerate(decisions):
            comment = comments.get(session, comment_id)
            assert comment is not None
            review(
                session,
                comment,
                status=status,
                moderator_id=moderator_id,
                now=NOW + timedelta(minutes=1 + i),
            )


def _row(page: str, marker: str) -> str:
    """The table row holding `marker`."""
    at = page.index(marker)
    return page[page.rindex("<tr>", 0, at) : page.index("</tr>", at)]


def _times(page: str) -> list[tuple[str, str]]:
    """Each <time>'s datetime and the text it shows (its date and time kept whole each)."""
    found = re.findall(r'<time datetime="([^"]+)">(.*?)</time>', page)
    return [(moment, re.sub(r"<[^>]+>", "", shown)) for moment, shown in found]


@contextmanager
def _counted_selects() -> Iterator[list[str]]:
    """The SELECTs any engine runs meanwhile."""
    seen: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    sa.event.listen(sa.engine.Engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        sa.event.remove(sa.engine.Engine, "before_cursor_execute", count)


def test_audit_comment_decisions_name_the_comment_author_loaded_for_the_whole_page(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    boss = _admin(session_factory)
    names = ["<i>Rae</i>", "Sam"]
    _, made = _comments(session_factory, [HELD, HELD], names=names)
    _decide(session_factory, boss, [(made[0][0], REJECTED), (made[1][0], PUBLISHED)])
    client = make_web_client(lexicon_engine)
    dashboard_login(client, "boss", PASSWORD)
    with _counted_selects() as few:
        page = client.get("/moderate/audit").text
    (rae_comment, rae), (sam_comment, sam) = made
    rejected = _row(page, f">{rae_comment}</a>:")
    # Escaped, as every name the page shows.
    assert f"<td><bdi>&lt;i&gt;Rae&lt;/i&gt;</bdi> ({rae})</td>" in rejected
    assert f"<td><bdi>Sam</bdi> ({sam})</td>" in _row(page, f">{sam_comment}</a>:")

    # Forty more decisions by forty more authors: the same number of queries (no N+1).
    more = [f"Reader {i}" for i in range(40)]
    _, others = _comments(session_factory, [HELD] * 40, names=more)
    _decide(session_factory, boss, [(c, REJECTED) for c, _ in others])
    with _counted_selects() as many:
        page = client.get("/moderate/audit").text
    for name, (comment_id, author_id) in zip(more, others, strict=True):
        assert f"<td><bdi>{name}</bdi> ({author_id})</td>" in _row(page, f">{comment_id}</a>:")
    assert len(many) == len(few) > 0


def test_audit_links_a_comment_where_it_can_be_seen(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    boss = _admin(session_factory)
    slug, made = _comments(
        session_factory, [HELD, PUBLISHED, PUBLISHED], names=["Ann", "Bea", "Cy"]
    )
    (held, ann), (rejected, bea), (published, _) = made
    # Bea's is taken down; Ann's stays held (logged as returned to the queue); Cy's stays up.
    _decide(session_factory, boss, [(rejected, REJECTED), (held, HELD), (published, PUBLISHED)])
    client = make_web_client(lexicon_engine)
    dashboard_login(client, "boss", PASSWORD)
    page = client.get("/moderate/audit").text
    # Not on the article's page: the moderator's view of the author's comments of that status.
    to_rejected = f"/moderate?author={bea}&amp;show=rejected#q{rejected}"
    to_held = f"/moderate?author={ann}&amp;show=held#q{held}"
    assert f'<a href="{to_rejected}">{rejected}</a>' in page
    assert f'<a href="{to_held}">{held}</a>' in page
    url = f"/articles/{slug}?comment={published}#c{published}"  # the page of threads holding it
    assert f'<a href="{url}">{published}</a>' in page
    assert f"#c{rejected}" not in page and f"#c{held}" not in page
    # ... where the comment is, under the anchor the link names.
    view = client.get(f"/moderate?author={bea}&show=rejected")
    assert view.status_code == 200 and f'id="q{rejected}"' in view.text
    view = client.get(f"/moderate?author={ann}&show=held")
    assert view.status_code == 200 and f'id="q{held}"' in view.text
    # The article's page shows only the published one.
    article = client.get(f"/articles/{slug}").text
    assert f'id="c{published}"' in article and f'id="c{rejected}"' not in article


def test_audit_times_say_utc_and_actions_read_as_words_with_the_key_beside_them(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    boss = _admin(session_factory)
    _, made = _comments(session_factory, [PUBLISHED], names=["Ann"])
    _decide(session_factory, boss, [(made[0][0], REJECTED)])
    with session_factory.begin() as session:
        audit.log(session, action="legacy.<thing>", now=NOW, detail="from an older release")
    client = make_web_client(lexicon_engine)
    dashboard_login(client, "boss", PASSWORD)
    page = client.get("/moderate/audit").text
    rejected = _row(page, "comment.rejected")
    assert _times(rejected) == [("2026-11-28T12:01:00+00:00", "2026-11-28 12:01 UTC")]
    assert 'Comment rejected <code class="audit-key">comment.rejected</code>' in rejected
    login = _row(page, "moderator.login")
    assert 'Moderator logged in <code class="audit-key">moderator.login</code>' in login
    # A key without a label is shown as it is, escaped.
    legacy = _row(page, "from an older release")
    assert (
        '<td class="audit-keep"><code class="audit-key">legacy.&lt;thing&gt;</code></td>' in legacy
    )
    # Every time on the page is marked UTC.
    times = _times(page)
    assert len(times) == 3 and all(shown.endswith(" UTC") for _, shown in times)


def test_audit_usernames_and_actions_are_not_broken_inside_a_word(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    _admin(session_factory)
    with session_factory.begin() as session:
        audit.log(session, action="moderator.created", now=NOW, detail="boss (admin)")
    client = make_web_client(lexicon_engine)
    dashboard_login(client, "boss", PASSWORD)
    page = client.get("/moderate/audit").text
    row = _row(page, "moderator.created")
    assert '<td class="audit-keep"><bdi>system</bdi></td>' in row
    # A date's hyphens are no place to break either ("2026- / 12-01" on a phone).
    assert (
        '<span class="audit-keep">2026-11-28</span> <span class="audit-keep">12:00 UTC</span>'
        in row
    )
    assert '<td class="audit-keep">Moderator account created <code' in row
    css = client.get("/static/site.css").text
    assert re.search(r"\.audit \.audit-keep \{ white-space: nowrap; \}", css)


def _logged_actions() -> set[str]:
    """Every action key the code writes: the `action=` of each audit.log call under src/, a
    literal, an f-string over an enum's values, or a name assigned literals in that function."""
    expand = {"author.": AuthorTrust, "comment.": CommentStatus}
    found: set[str] = set()
    calls = 0
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "log"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "audit"
            ):
                continue
            calls += 1
            (action,) = [k.value for k in node.keywords if k.arg == "action"]
            where = f"{path.relative_to(SRC)}:{node.lineno}"
            if isinstance(action, ast.Constant):
                found.add(action.value)
            elif isinstance(action, ast.JoinedStr):
                prefix = action.values[0]
                assert isinstance(prefix, ast.Constant) and len(action.values) == 2, where
                found.update(prefix.value + member.value for member in expand[prefix.value])
            elif isinstance(action, ast.Name):
                around = [f for f in functions if any(n is node for n in ast.walk(f))]
                assert around, where
                function = min(around, key=lambda f: len(list(ast.walk(f))))  # the innermost
                values = [
                    a.value
                    for a in ast.walk(function)
                    if isinstance(a, ast.Assign)
                    and any(isinstance(t, ast.Name) and t.id == action.id for t in a.targets)
                ]
                assert values, where
                for value in values:
                    options = (
                        [value.body, value.orelse] if isinstance(value, ast.IfExp) else [value]
                    )
                    assert all(isinstance(o, ast.Constant) for o in options), where
                    found.update(o.value for o in options)  # type: ignore[attr-defined]
            else:
                raise AssertionError(f"{where}: an action this test cannot read; teach it")
    assert calls >= 15
    return found


def test_every_action_the_code_logs_has_a_label() -> None:
    from civility.web import dashboard

    logged = _logged_actions()
    # The collector reads what it should: the literal, f-string and assigned forms all count.
    assert {
        "moderator.login",
        "comment.rejected",
        "comment.held",
        "author.banned",
        "author.normal",
        "article.opened",
        "api_key.revoked",
    } <= logged
    labels = dashboard.AUDIT_ACTION_LABELS
    assert sorted(logged - labels.keys()) == []
    assert all(label and label != key for key, label in labels.items())
