"""The links scorer: URLs and bare domains are counted; sentences with a missing space are not."""

from __future__ import annotations

import time

import pytest
from conftest import HOSTILE_CPU_BOUND_S

from civility.domain import Score, Submission
from civility.pipeline.links import (
    HIDDEN_RE,
    LINK_RE,
    find_hidden,
    find_links,
    links_as_words,
    make_links,
)
from civility.pipeline.policy import default_policy


def _score(text: str, **config: int) -> Score:
    return make_links(**config)([Submission(text)])[0][0]


@pytest.mark.parametrize(
    ("text", "links"),
    [
        ("see https://example.com/a?b=1 now", ["https://example.com/a?b=1"]),
        ("at www.example.org, or later", ["www.example.org"]),
        ("buy at cheap-meds.com. today", ["cheap-meds.com"]),
        ("news.bbc.co.uk/world and bit.ly/x1", ["news.bbc.co.uk/world", "bit.ly/x1"]),
        ("(http://a.pk/x)", ["http://a.pk/x"]),
        ("HTTP://SHOUT.COM", ["HTTP://SHOUT.COM"]),
        ("treatment.So new treatment was agreed upon.What is wrong", []),
        ("40,000 civilians, 3.14, v1.2.3, 25-10-2011, 10.0.0.1", []),
        ("write to me@example.com", []),
        ("e.g. i.e. U.S. etc. a.m.", []),
        ("", []),
    ],
)
def test_links_finds_urls_and_domains(text: str, links: list[str]) -> None:
    assert [m.group() for m in find_links(text)] == links


def test_links_value_counts_against_the_limit() -> None:
    assert _score("no links at all").value == 0.0
    assert _score("one http://a.com and two b.org").value == pytest.approx(2 / 3)
    assert _score("a.com b.com c.com").value == 1.0
    assert _score("a.com b.com c.com d.com").value == 1.0
    assert _score("a.com b.com", max_links=0).value == 1.0


def test_links_policy_holds_only_above_the_limit() -> None:
    rule = default_policy().rule_for("links")
    assert rule is not None and rule.hold_at is not None
    assert _score("a.com b.com").value < rule.hold_at <= _score("a.com b.com c.com").value


def test_links_reason_and_spans() -> None:
    text = "visit spam.com and http://spam.net/x now"
    score = _score(text)
    assert score.reason == "2 links (limit 2)"
    assert [text[s.start : s.end] for s in score.spans] == ["spam.com", "http://spam.net/x"]
    assert _score("one a.com").reason == "1 link (limit 2)"


def test_links_refuses_a_negative_limit() -> None:
    with pytest.raises(ValueError, match="max_links"):
        make_links(max_links=-1)


def test_links_seed_comments_have_none(seed_comments: list[str]) -> None:
    for comment in seed_comments:
        assert find_links(comment) == [], comment


def test_links_survives_hostile_text(hostile_text: str) -> None:
    started = time.process_time()
    score = _score(hostile_text)
    assert time.process_time() - started < HOSTILE_CPU_BOUND_S
    assert all(0 <= s.start < s.end <= len(hostile_text) for s in score.spans)


def test_links_long_dotted_runs_stay_linear() -> None:
    started = time.process_time()
    _score("bit.ly/a t.me/b " * 100_000)
    find_links("a." * 500_000 + "com")
    find_links("http://" + "." * 1_000_000)
    assert time.process_time() - started < HOSTILE_CPU_BOUND_S


@pytest.mark.parametrize(
    "text",
    [
        "FTP://files.example/x and Www.Example.org",
        "shop.\u017fite and kelvin.\u212ar",  # long s and the Kelvin sign match s and k
        "Buy at CHEAP.SHOP/deal, T.ME/vip, Bit.Ly/x, chat.whatsapp.com/abc",
        "no links here. just sentences.and a missing space",
        "a.b.c.d.e.f.g.h.i.j.k.com/path www. http:// bit.ly/",
        "mail x@y.com, call 0300-1234567, e.g. 3.14 and U.S.A.",
    ],
)
def test_links_quick_checks_never_skip_a_link_the_patterns_find(text: str) -> None:
    # The checks that let most comments skip the full patterns are implied by those patterns.
    assert [m.span() for m in find_links(text)] == [m.span() for m in LINK_RE.finditer(text)]
    assert [m.span() for m in find_hidden(text)] == [m.span() for m in HIDDEN_RE.finditer(text)]


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("Click here to learn how: bit.ly/3xWorkN", ["bit.ly/3xWorkN"]),
        ("Join t.me/cryptokings_vip today", ["t.me/cryptokings_vip"]),
        (
            "https://tinyurl.com/abc-12 and wa.me/923001234567",
            ["https://tinyurl.com/abc-12", "wa.me/923001234567"],
        ),
        ("I never click bit.ly links, or t.me ones.", []),
        ("write to at.me/x or habit.ly/y", []),
        ("https://www.theglobeandmail.com/politics/article123/", []),
    ],
)
def test_links_finds_links_that_hide_where_they_lead(text: str, hidden: list[str]) -> None:
    assert [m.group() for m in find_hidden(text)] == hidden


def test_links_a_hidden_destination_is_held_whatever_the_count() -> None:
    rule = default_policy().rule_for("links")
    assert rule is not None and rule.hold_at is not None
    text = "300% profit guaranteed. Join t.me/cryptokings_vip"
    score = _score(text)
    assert score.value >= rule.hold_at
    assert score.reason == "1 link (limit 2); t.me/cryptokings_vip hides where it leads"
    assert [text[s.start : s.end] for s in score.spans] == ["t.me/cryptokings_vip"]
    both = "see bit.ly/x1 and news.bbc.co.uk/world"
    assert [both[s.start : s.end] for s in _score(both).spans] == [
        "bit.ly/x1",
        "news.bbc.co.uk/world",
    ]
    assert _score("news.bbc.co.uk/world").value < rule.hold_at


@pytest.mark.parametrize(
    ("text", "links"),
    [
        (
            "https://www.youtube.com/watch?v=g_dJRaBLAdg",
            ["https://www.youtube.com/watch?v=g_dJRaBLAdg"],
        ),
        ("see www.x.com/abc. then t.me/vip ok", ["www.x.com/abc", "t.me/vip"]),
        ("Read theglobeandmail.com, then reply.", ["theglobeandmail.com"]),
        ("no links here, treatment.So there", []),
        ("", []),
    ],
)
def test_links_as_words_replaces_each_link_and_keeps_every_offset(
    text: str, links: list[str]
) -> None:
    read = text
    for link in links:
        read = read.replace(link, "link".ljust(len(link)), 1)
    assert links_as_words(text) == read


def test_links_as_words_survives_hostile_text(hostile_text: str) -> None:
    started = time.process_time()
    assert len(links_as_words(hostile_text)) == len(hostile_text)
    links_as_words("bit.ly/a t.me/b " * 100_000)
    assert time.process_time() - started < HOSTILE_CPU_BOUND_S


@pytest.mark.parametrize("max_links", [0, 1, 2, 3, 4, 10, 100])
def test_links_policy_holds_above_the_limit_whatever_it_is(max_links: int) -> None:
    rule = default_policy().rule_for("links")
    assert rule is not None and rule.hold_at is not None and rule.reject_at is None
    values = [
        _score(" ".join(f"site{i}.com" for i in range(n)), max_links=max_links).value
        for n in range(max_links + 3)
    ]
    assert all(0.0 <= value <= 1.0 for value in values)
    assert values == sorted(values)  # more links never score less
    assert max(values[: max_links + 1]) < rule.hold_at  # up to the limit: published
    assert min(values[max_links + 1 :]) >= rule.hold_at  # over it: held


def test_links_at_the_limit_is_not_held_with_a_raised_limit() -> None:
    score = _score("a.com b.com c.com", max_links=3)
    assert score.reason == "3 links (limit 3)"
    assert score.value == pytest.approx(2 / 3)
    assert _score("a.com b.com c.com d.com", max_links=3).value == 1.0


def test_links_default_limit_keeps_its_values() -> None:
    texts = ["none", "a.com", "a.com b.com", "a.com b.com c.com", "a.com b.com c.com d.com"]
    values = [_score(text).value for text in texts]
    assert values == pytest.approx([0.0, 1 / 3, 2 / 3, 1.0, 1.0])
