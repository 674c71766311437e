"""The headline of a fetched article page: trafilatura's, or the page's <title> where it knows
better (a site whose only <h1> is its masthead)."""

from __future__ import annotations

import pytest

from civility.interop.article_fetch import extract

TEXT = "The council met on Tuesday and voted on the new budget for roads and schools. " * 4


def _page(head: str, body: str) -> str:
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>"


@pytest.mark.parametrize(
    ("head", "body", "headline"),
    [
        # The masthead is the page's only <h1>; the story's headline is its <title> and <h2>.
        (
            "<title>Budget day: what the finance minister announced</title>",
            "<header><h1>The Daily Example</h1></header><article>"
            f"<h2>Budget day: what the finance minister announced</h2><p>{TEXT}</p></article>",
            "Budget day: what the finance minister announced",
        ),
        # The same with the site's name after the headline in <title>.
        (
            "<title>Budget day: what the minister announced | The Daily Example</title>",
            "<header><h1>The Daily Example</h1></header><article>"
            f"<h2>Budget day: what the minister announced</h2><p>{TEXT}</p></article>",
            "Budget day: what the minister announced",
        ),
        # og:title, as most news sites give it, is taken as trafilatura takes it.
        (
            "<title>Council passes budget - The Daily Example</title>"
            '<meta property="og:title" content="Council passes budget">',
            f"<article><h1>Council passes budget</h1><p>{TEXT}</p></article>",
            "Council passes budget",
        ),
        # A <title> that is only the site's name does not replace the story's <h1>.
        (
            "<title>The Daily Example</title>",
            f"<article><h1>Council passes the road budget</h1><p>{TEXT}</p></article>",
            "Council passes the road budget",
        ),
    ],
)
def test_article_fetch_headline(head: str, body: str, headline: str) -> None:
    assert extract("https://news.example/story", _page(head, body)).title == headline


@pytest.mark.parametrize("head", ["", "<title></title>", "<title>\x00<script>x</script></title>"])
def test_article_fetch_headline_without_a_usable_title_element(head: str) -> None:
    found = extract("https://news.example/story", _page(head, f"<h1>Roads</h1><p>{TEXT}</p>"))
    assert found.title and "<script>" not in found.title
