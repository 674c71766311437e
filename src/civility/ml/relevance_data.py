"""Relevance examples from the labelled sets: comments with their article or parent, and a label.

Label 1 means off-topic. Swapped examples pair a comment with another thread's article or
parent: the standard negative for "is this about *that*?" when no one labelled off-topic.
"""

from __future__ import annotations

import csv
import json
import random
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from civility.domain import ArticleContext, Submission

# Some talk-page and forum texts exceed csv's default field limit.
csv.field_size_limit(10_000_000)


@dataclass(frozen=True, slots=True)
class Example:
    """One comment in one context, with its label (1 = off-topic) and a group for splits."""

    submission: Submission
    label: int
    group: str


class MissingDataset(FileNotFoundError):
    """A labelled set is not where the settings say; the message names the path."""


def _path(datasets_dir: Path, relative: str) -> Path:
    """A dataset file, or a clear error naming where it was looked for."""
    path = datasets_dir / relative
    if not path.exists():
        raise MissingDataset(f"dataset file not found: {path}")
    return path


def _other(rng: random.Random, items: list[str], own: str) -> str:
    """A random item that is not `own`."""
    choice = own
    while choice == own:
        choice = rng.choice(items)
    return choice


def fox_swapped(datasets_dir: Path, *, seed: int = 0) -> list[Example]:
    """Fox News comments under their own article (title + description) and under another."""
    path = _path(datasets_dir, "fox_news_comments/fox-news-comments.jsonl")
    with path.open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines if line.strip()]
    articles = {row["title"]: row["meta"] for row in rows}
    titles = sorted(articles)
    rng = random.Random(seed)
    out = []
    for row in rows:
        other = _other(rng, titles, row["title"])
        for title, label in ((row["title"], 0), (other, 1)):
            article = ArticleContext(title=title, body=articles[title])
            out.append(Example(Submission(text=row["text"], article=article), label, row["title"]))
    return out


def wikipedia_swapped(datasets_dir: Path, *, limit: int = 4000, seed: int = 0) -> list[Example]:
    """Wikipedia talk comments after their own parent comment and after a random one."""
    path = _path(datasets_dir, "context_toxicity_wikipedia/gc.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["text"].strip() and row["parent"]]
    rng = random.Random(seed)
    rng.shuffle(rows)
    rows = rows[:limit]
    parents = [row["parent"] for row in rows]
    out = []
    for i, row in enumerate(rows):
        other = _other(rng, parents, row["parent"])
        for parent, label in ((row["parent"], 0), (other, 1)):
            out.append(Example(Submission(text=row["text"], parent_text=parent), label, str(i)))
    return out


def permissive_texts(datasets_dir: Path) -> Iterator[str]:
    """Comments (and headlines, parents) of the MIT / Apache-2.0 sets, for word frequencies."""
    path = _path(datasets_dir, "fox_news_comments/fox-news-comments.jsonl")
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                row = json.loads(line)
                yield row["text"]
                yield row["title"]
    for name in ("gc.csv", "gn.csv"):
        wiki = _path(datasets_dir, f"context_toxicity_wikipedia/{name}")
        with wiki.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                yield row["text"]
                if row.get("parent"):
                    yield row["parent"]


def sfu_swapped(datasets_dir: Path, *, seed: int = 0) -> list[Example]:
    """Globe and Mail comments under their own article title and under another (eval only)."""
    path = _path(datasets_dir, "sfu_constructiveness_toxicity/SFU_constructiveness_toxicity.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    suffix = " - The Globe and Mail"
    titles_of = [row["title"].removesuffix(suffix).strip() for row in rows]
    titles = sorted(set(titles_of))
    rng = random.Random(seed)
    out = []
    for row, title in zip(rows, titles_of, strict=True):
        for shown, label in ((title, 0), (_other(rng, titles, title), 1)):
            sub = Submission(text=row["comment"], article=ArticleContext(title=shown))
            out.append(Example(sub, label, title))
    return out


def semeval_questions(datasets_dir: Path) -> list[Example]:
    """Forum answers (Good = 0, Bad = 1) judged against the question as the 'article' (eval)."""
    base = "semeval2015_cqa_relevance/"
    gold_path = _path(datasets_dir, base + "CQA-QL-devel-gold.txt")
    gold = dict(
        line.rstrip("\n").split("\t")[:2]
        for line in gold_path.read_text(encoding="utf-8").splitlines()
        if "\t" in line
    )
    root = ET.parse(_path(datasets_dir, base + "CQA-QL-devel-input.xml")).getroot()  # noqa: S314
    out = []
    for question in root.iter("Question"):
        article = ArticleContext(
            title=(question.findtext("QSubject") or "").strip(),
            body=(question.findtext("QBody") or "").strip(),
        )
        for comment in question.iter("Comment"):
            label = gold.get(comment.get("CID", ""))
            if label in ("Good", "Bad"):
                text = (comment.findtext("CBody") or "").strip()
                sub = Submission(text=text, article=article)
                out.append(Example(sub, int(label == "Bad"), question.get("QID", "")))
    return out


def c3_comments(datasets_dir: Path, *, min_votes: int = 2) -> list[Example]:
    """Globe and Mail comments, label: >= min_votes raters called it 'non_relevant' (eval only).

    C3 ships no article text: the evaluation stands in the other comments on the same
    article (the group) for it.
    """
    path = _path(datasets_dir, "c3_constructive_comments/c3_train.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [
        Example(
            Submission(text=row["comment_text"]),
            int(int(row["votes_non_relevant"]) >= min_votes),
            row["article_id"],
        )
        for row in rows
    ]


def omp_offtopic(datasets_dir: Path) -> list[Example]:
    """Der Standard posts with the moderators' OffTopic label and their parent post (German,
    eval only). No article text ships: the evaluation stands in the article's other posts."""
    path = _path(datasets_dir, "omp_one_million_posts/posts_labeled_train.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    text_of = {row["ID_Post"]: _post_text(row) for row in rows}
    out = []
    for row in rows:
        if row["Category"] == "OffTopic":
            parent = text_of.get(row["ID_Parent_Post"] or "")
            sub = Submission(text=text_of[row["ID_Post"]], parent_text=parent)
            out.append(Example(sub, int(row["Value"] == "1"), row["ID_Article"]))
    return out


def _post_text(row: dict[str, str]) -> str:
    """A post's headline and body as one text."""
    return "\n".join(part for part in (row["Headline"].strip(), row["Body"].strip()) if part)
