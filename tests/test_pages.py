"""Reader pages: the article list, an article with threads, posting, reporting, the FAQ."""

from __future__ import annotations

import html as html_lib
import re
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from civility.commenting import NewComment, submit
from civility.importers.loader import load_article
from civility.importers.text import parse_text
from civility.store import articles
from civility.store.models import Comment

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def _article(factory: sessionmaker[Session], title: str = "Talks on the Haqqani network") -> str:
    with factory.begin() as session:
        article = articles.add(
            session,
            title=title,
            body="First paragraph about talks.\n\nSecond paragraph.",
            now=NOW,
            outlet="The Express Tribune",
            published_at=datetime(2011, 10, 25, tzinfo=UTC),
        )
        return article.slug


def _tokens(html: str, index: int = -1) -> dict[str, str]:
    """The CSRF and one-time form token of a form on the page (the last: the new-comment form)."""
    csrf = re.findall(r'name="csrf_token" value="([^"]+)"', html)[0]
    form_tokens = re.findall(r'name="form_token" value="([^"]+)"', html)
    return {"csrf_token": csrf, "form_token": form_tokens[index]}


def _post(client: Any, slug: str, **fields: str) -> Any:
    page = client.get(f"/articles/{slug}")
    data = {**_tokens(page.text), "author_name": "Amir", "text": "A fair point.", **fields}
    return client.post(f"/articles/{slug}/comments", data=data, follow_redirects=False)


def _count(factory: sessionmaker[Session]) -> int:
    with factory() as session:
        return int(session.scalar(select(func.count(Comment.id))) or 0)


def test_pages_home_lists_articles_with_published_counts(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(lexicon_engine)
    slug = _article(session_factory, "Talks <b>resume</b>")
    _post(client, slug)
    _post(client, slug, text="you idiot")  # refused: not counted
    page = client.get("/")
    assert page.status_code == 200
    assert f'href="/articles/{slug}"' in page.text
    assert "Talks &lt;b&gt;resume&lt;/b&gt;" in page.text
    assert "1 comment" in page.text and "2 comments" not in page.text


def test_pages_article_shows_story_count_and_nested_replies(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(lexicon_engine)
    slug = _article(session_factory)
    first = _post(client, slug, author_name="MarkH", text="First comment.")
    parent_id = first.headers["location"].rsplit("#c", 1)[1]
    page = client.get(f"/articles/{slug}")
    reply = {**_tokens(page.text, 0), "author_name": "Bhatti", "text": "Yes, really.",
             "parent_id": parent_id}  # fmt: skip
    answer = client.post(f"/articles/{slug}/comments", data=reply, follow_redirects=False)
    assert answer.status_code == 303
    html = client.get(f"/articles/{slug}").text
    assert "First paragraph about talks." in html and "Second paragraph." in html
    assert "Published in The Express Tribune" in html and "October 25, 2011" in html
    assert "COMMENTS (2)" in html
    nested = re.search(rf'id="c{parent_id}".*?<ol class="replies">(.*?)</ol>', html, re.S)
    assert nested is not None and "Yes, really." in nested.group(1)
    assert f'<a href="#c{parent_id}">@<bdi>MarkH</bdi></a>' in html


def test_pages_unknown_article_is_404(make_web_client: Any, lexicon_engine: Any) -> None:
    client = make_web_client(lexicon_engine)
    page = client.get("/articles/no-such-story")
    assert page.status_code == 404
    assert "no article at /articles/no-such-story" in page.text
    posted = client.post("/articles/no-such-story/comments", data={"text": "hi"})
    assert posted.status_code in (403, 404)


def test_pages_published_comment_is_shown_after_redirect(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(lexicon_engine)
    slug = _article(session_factory)
    answer = _post(client, slug, text="The talks **matter**.")
    assert answer.status_code == 303
    page = client.get(answer.headers["location"])
    assert "COMMENTS (1)" in page.text
    assert "Your comment is published." in page.text
    assert "<strong>matter</strong>" in page.text


def test_pages_held_comment_awaits_moderation_in_plain_words(
    make_web_client: Any, holding_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(holding_engine)
    slug = _article(session_factory)
    answer = _post(client, slug, text="What a stupid plan.")
    assert answer.status_code == 202
    assert "awaiting moderation" in answer.text
    assert "abusive language" in answer.text  # the policy rule's label
    assert "0.95" not in answer.text and "listed words" not in answer.text  # no scores
    assert "COMMENTS (0)" in client.get(f"/articles/{slug}").text


def test_pages_refused_comment_says_why(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(lexicon_engine)
    slug = _article(session_factory)
    answer = _post(client, slug, text="You idiot.")
    assert answer.status_code == 403
    assert "was not published" in answer.text and "abusive language" in answer.text


@pytest.mark.parametrize("text", ["", "   \n ", "\u200b\u200d\u2060"])
def test_pages_empty_comment_is_422_and_stores_nothing(
    make_web_client: Any,
    lexicon_engine: Any,
    session_factory: sessionmaker[Session],
    text: str,
) -> None:
    client = make_web_client(lexicon_engine)
    slug = _article(session_factory)
    answer = _post(client, slug, text=text)
    assert answer.status_code == 422
    assert "comment is empty" in answer.text
    assert _count(session_factory) == 0


def test_pages_oversized_comment_is_413_keeps_text_and_stores_nothing(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(lexicon_engine, max_comment_chars=50)
    slug = _article(session_factory)
    text = "word " * 30 + "END-OF-TEXT"
    answer = _post(client, slug, text=text)
    assert answer.status_code == 413
    assert "the limit is 50" in answer.text
    assert "END-OF-TEXT" in answer.text  # what was typed is kept in the form
    assert _count(session_factory) == 0


def test_pages_double_submitted_form_stores_one_comment(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(lexicon_engine)
    slug = _article(session_factory)
    page = client.get(f"/articles/{slug}")
    data = {**_tokens(page.text), "author_name": "Amir", "text": "Sent twice."}
    first = client.post(f"/articles/{slug}/comments", data=data, follow_redirects=False)
    second = client.post(f"/articles/{slug}/comments", data=data, follow_redirects=False)
    assert first.status_code == second.status_code == 303
    assert first.headers["location"] == second.headers["location"]
    assert _count(session_factory) == 1
    assert "COMMENTS (1)" in client.get(f"/articles/{slug}").text
    # The same form again (the back button restores it) with new words is a new comment.
    third = client.post(f"/articles/{slug}/comments", data={**data, "text": "Another."})
    assert third.status_code == 200 and _count(session_factory) == 2


HOSTILE = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "[click me](javascript:alert(1))",
    '<a href="javascript:alert(1)">link</a>',
    "<iframe src=//evil.example></iframe>",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_pages_hostile_markup_is_rendered_inert(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session], text: str
) -> None:
    client = make_web_client(lexicon_engine)
    slug = _article(session_factory)
    _post(client, slug, text=text, author_name='<script>alert("name")</script>')
    html = client.get(f"/articles/{slug}").text
    assert "COMMENTS (1)" in html
    body = html.split('id="comments-title"', 1)[1]
    assert "<script>alert" not in body and "<img" not in body and "<iframe" not in body
    tags = re.findall(r"<[a-zA-Z][^>]*>", body)  # real tags only; escaped text is inert
    assert not [t for t in tags if re.search(r"\son\w+=|javascript:", t, re.I)]
    assert "&lt;script&gt;alert(&#34;name&#34;)&lt;/script&gt;" in body


TRICKY_NAMES = [
    "\u202eevil\u202c",  # right-to-left override
    "Mark\u200bH",  # zero-width space
    "\u0410dmin",  # Cyrillic A: a homoglyph of "Admin"
    "Robert'); DROP TABLE comments;--",
]


@pytest.mark.parametrize("name", TRICKY_NAMES)
def test_pages_unicode_and_sql_input_is_stored_and_escaped(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session], name: str
) -> None:
    client = make_web_client(lexicon_engine)
    slug = _article(session_factory)
    text = f"1' OR '1'='1 -- {name} \u202egnp.exe"
    assert _post(client, slug, author_name=name, text=text).status_code == 303
    with session_factory() as session:
        stored = session.scalars(select(Comment)).one()
        assert (stored.text, stored.author.display_name) == (text, name)
    html = client.get(f"/articles/{slug}").text
    escaped_name = name.replace("'", "&#39;")
    assert f"<bdi>{escaped_name}</bdi>" in html  # names isolated from the text around them
    assert "1&#39; OR &#39;1&#39;=&#39;1" in html or "1' OR '1'='1" in html


def test_pages_huge_form_fields_are_refused_clearly(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(lexicon_engine)
    slug = _article(session_factory)
    long_name = _post(client, slug, author_name="N" * 200_000)
    assert long_name.status_code == 422 and "name is longer than 100" in long_name.text
    bad_email = _post(client, slug, author_email="x" * 5000)
    assert bad_email.status_code == 422 and "email does not look like" in bad_email.text
    huge = client.post(
        f"/articles/{slug}/comments", content=b"text=" + b"a" * (3 << 20),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )  # fmt: skip
    assert huge.status_code == 413
    assert _count(session_factory) == 0


def test_pages_report_sends_comment_to_the_queue(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(lexicon_engine)
    slug = _article(session_factory)
    comment_id = _post(client, slug).headers["location"].rsplit("#c", 1)[1]
    page = client.get(f"/articles/{slug}")
    refused = client.post(f"/comments/{comment_id}/report", data={"csrf_token": "wrong"})
    assert refused.status_code == 403
    data = {"csrf_token": _tokens(page.text)["csrf_token"]}
    answer = client.post(f"/comments/{comment_id}/report", data=data, follow_redirects=False)
    assert answer.status_code == 303
    assert "a moderator will look" in client.get(answer.headers["location"]).text
    with session_factory() as session:
        assert session.get(Comment, int(comment_id)).reports == 1  # type: ignore[union-attr]
    assert client.post("/comments/99999/report", data=data).status_code == 404


def test_pages_faq_is_written_from_the_policy(make_web_client: Any, lexicon_engine: Any) -> None:
    client = make_web_client(lexicon_engine)
    html = client.get("/faq").text
    for rule in lexicon_engine.policy.rules:
        assert rule.label in html
    assert "refused when our check is at least 90% sure" in html  # toxicity reject_at 0.9
    assert "held when our check is at least 50% sure" in html
    assert lexicon_engine.policy.version in html
    assert "Usually, yes" in html


def test_pages_faq_says_when_every_comment_is_premoderated(
    make_web_client: Any, lexicon_engine: Any
) -> None:
    from dataclasses import replace

    from civility.commenting import Engine

    engine = Engine(lexicon_engine.pipeline, replace(lexicon_engine.policy, premoderate=True))
    html = make_web_client(engine).get("/faq").text
    assert "a moderator reads every comment before it appears" in html


def test_pages_seed_article_shows_its_12_comments_in_order(
    make_web_client: Any,
    default_engine: Any,
    session_factory: sessionmaker[Session],
    seed_file: Any,
) -> None:
    imported = parse_text(seed_file.read_bytes())
    with session_factory.begin() as session:
        slug = load_article(session, default_engine, imported, now=NOW).article.slug
    html = make_web_client(default_engine).get(f"/articles/{slug}").text
    assert "COMMENTS (12)" in html
    shown = re.findall(r'<div class="comment-body">(.*?)</div>', html, re.S)
    assert len(shown) == 12
    assert 'aria-label="Comment pages"' not in html and "?page=" not in html  # one page
    for item, block in zip(imported.comments, shown, strict=True):
        assert item.text[-25:] in html_lib.unescape(re.sub(r"<[^>]+>", "", block))


def _page_with_reply(
    make_web_client: Any,
    engine: Any,
    session_factory: sessionmaker[Session],
    name: str,
    text: str,
) -> str:
    """The article page after one reply to `name` (who has no comment in the thread)."""
    slug = _article(session_factory)
    with session_factory.begin() as session:
        article = articles.get_by_slug(session, slug)
        assert article is not None
        new = NewComment(article.id, "Reader 1", text, reply_to_name=name)
        submit(session, engine, new, now=NOW)
    return str(make_web_client(engine).get(f"/articles/{slug}").text)


def test_pages_comment_through_the_service_shows_its_mention_once(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    html = _page_with_reply(
        make_web_client, lexicon_engine, session_factory, "MarkH", "@MarkH: Ohh really?"
    )
    assert html.count("MarkH") == 1


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("MarkH", "@markh: Ohh really?"),
        ("MarkH", "  @MarkH: Ohh really?"),
        ("MarkH", "\n@MARKH Ohh really?"),
        ("Mark <b>&</b>", "@mark <b>&</b>: escaped twice?"),
    ],
)
def test_pages_reply_opening_with_its_mention_in_any_case_shows_it_once(
    make_web_client: Any,
    lexicon_engine: Any,
    session_factory: sessionmaker[Session],
    name: str,
    text: str,
) -> None:
    html = _page_with_reply(make_web_client, lexicon_engine, session_factory, name, text)
    assert 'class="reply-to"' not in html
    assert html.lower().count(html_lib.escape(name).lower()) == 1
    assert "<b>" not in html


def test_pages_reply_naming_someone_longer_keeps_its_reply_label(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    html = _page_with_reply(
        make_web_client, lexicon_engine, session_factory, "MarkH", "@MarkHenry: not you."
    )
    assert '<p class="reply-to">@<bdi>MarkH</bdi></p>' in html


@pytest.mark.parametrize("parent_id", ["99999", "-1", "abc", str(2**40)])
def test_pages_reply_to_a_missing_comment_is_422_with_the_text_kept(
    make_web_client: Any,
    lexicon_engine: Any,
    session_factory: sessionmaker[Session],
    parent_id: str,
) -> None:
    client = make_web_client(lexicon_engine)
    slug = _article(session_factory)
    answer = _post(client, slug, parent_id=parent_id, text="Kept reply 42")
    assert answer.status_code == 422
    assert 'role="alert"' in answer.text and "Kept reply 42" in answer.text
    assert client.post(f"/comments/{2**40}/report", data={}).status_code == 422
    assert _count(session_factory) == 0


def _tag(html: str, element_id: str) -> str:
    """The opening tag of the element with this id."""
    match = re.search(rf'<[a-z]+ [^>]*id="{element_id}"[^>]*>', html)
    assert match is not None, f"no element #{element_id}"
    return match.group(0)


def test_pages_refused_form_marks_its_fields_and_links_them_from_a_focused_summary(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(lexicon_engine)
    slug = _article(session_factory)
    answer = _post(client, slug, author_name="   ", author_email="not-an-email", text="Kept 42")
    assert answer.status_code == 422
    html = answer.text
    # The form's action lands the browser on the summary, which also takes focus on load.
    assert f'action="/articles/{slug}/comments#errors-new"' in html
    summary = _tag(html, "errors-new")
    assert 'tabindex="-1"' in summary and "autofocus" in summary
    assert html.count("autofocus") == 1
    assert '<a href="#name-new">name is empty</a>' in html
    assert '<a href="#email-new">email does not look like name@example.org</a>' in html
    for field in ("name-new", "email-new"):
        tag = _tag(html, field)
        assert 'aria-invalid="true"' in tag and f'aria-describedby="{field}-error"' in tag
        assert f'id="{field}-error"' in html
    assert "aria-invalid" not in _tag(html, "text-new")  # only the fields at fault
    assert "Kept 42" in html and 'value="not-an-email"' in html


def test_pages_oversized_comment_links_the_summary_to_the_text(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(lexicon_engine, max_comment_chars=20)
    slug = _article(session_factory)
    answer = _post(client, slug, text="x" * 30)
    assert answer.status_code == 413
    assert '<a href="#text-new">Your comment is 30 characters; the limit is 20.</a>' in answer.text
    tag = _tag(answer.text, "text-new")
    assert 'aria-invalid="true"' in tag and 'aria-describedby="text-new-error"' in tag


def test_pages_refused_reply_opens_its_form_with_its_own_summary(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(lexicon_engine)
    slug = _article(session_factory)
    parent_id = _post(client, slug).headers["location"].rsplit("#c", 1)[1]
    answer = _post(client, slug, parent_id=parent_id, text="  ")
    assert answer.status_code == 422
    html = answer.text
    assert f'action="/articles/{slug}/comments#errors-{parent_id}"' in html
    assert 'tabindex="-1"' in _tag(html, f"errors-{parent_id}")
    assert f'<a href="#text-{parent_id}">comment is empty</a>' in html
    assert 'aria-invalid="true"' in _tag(html, f"text-{parent_id}")
    assert 'id="errors-new"' not in html and "<details open>" in html


def test_pages_expired_form_says_so_in_a_summary_without_field_links(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    client = make_web_client(lexicon_engine)
    slug = _article(session_factory)
    answer = _post(client, slug, csrf_token="forged")
    assert answer.status_code == 403
    summary = html_lib.unescape(answer.text.split('id="errors-new"', 1)[1].split("</ul>", 1)[0])
    assert "This form expired" in summary and "<a " not in summary
    assert "aria-invalid" not in answer.text


def test_pages_published_note_is_shown_only_to_the_browser_that_posted(
    make_web_client: Any, lexicon_engine: Any, session_factory: sessionmaker[Session]
) -> None:
    poster = make_web_client(lexicon_engine)
    slug = _article(session_factory)
    location = _post(poster, slug, text="Mine.").headers["location"]
    other_id = _post(make_web_client(lexicon_engine), slug, text="Theirs.").headers["location"]
    mine = poster.get(location).text
    assert "Your comment is published." in mine and 'class="comment is-new"' in mine
    # The same link opened by anyone else, or the poster opening another's, shows no note.
    shared = make_web_client(lexicon_engine).get(location).text
    assert "Mine." in shared
    assert "Your comment is published." not in shared and "is-new" not in shared
    assert "Your comment is published." not in poster.get(other_id).text
