"""Loaders for the labelled sets in ../shared/datasets, each mapped onto the abuse heads."""

from __future__ import annotations

import csv
import json
import logging
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

from civility.ml.examples import Example, clean_labels, not_abusive

log = logging.getLogger(__name__)
csv.field_size_limit(sys.maxsize)

Loader = Callable[[Path], list[Example]]
# ../shared/datasets beside the repository, where training scripts look by default.
DEFAULT_DATASETS = Path(__file__).resolve().parents[4] / "shared" / "datasets"


def _rows(path: Path, delimiter: str = ",") -> Iterator[dict[str, str]]:
    """Rows of a CSV file as dicts."""
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle, delimiter=delimiter)


def load_civil_spans(folder: Path) -> list[Example]:
    """Civil Comments toxic spans: the share of raters who saw each kind of abuse."""
    raters: dict[str, list[str]] = defaultdict(list)
    not_toxic: dict[str, int] = defaultdict(int)
    for row in _rows(folder / "annotations.csv"):
        raters[row["comment_id"]].append(row["annotation"])
        not_toxic[row["comment_id"]] += row["not toxic"] == "True"
    kinds: dict[str, set[str]] = defaultdict(set)
    for row in _rows(folder / "spans.csv"):
        kinds[row["annotation"]].add(row["type"][:5])
    out = []
    for row in _rows(folder / "comments.csv"):
        ids = raters.get(row["comment_id"], [])
        if not ids:
            continue
        n = len(ids)

        def share(prefix: str, ids: list[str] = ids, n: int = n) -> float:
            return sum(prefix in kinds[a] for a in ids) / n

        labels = clean_labels(
            toxicity=1.0 - not_toxic[row["comment_id"]] / n,
            severe_toxicity=max(share("Ident"), share("Threa")) * (share("Ident") > 0.5),
            insult=share("Insul"),
            threat=share("Threa"),
            identity_attack=share("Ident"),
            profanity=share("Profa"),
            spam=0.0,
        )
        out.append(
            Example(row["comment_text"], "civil_comments_toxic_spans", row["comment_id"], labels)
        )
    return out


def load_toxic_spans(
    folder: Path, kinds: tuple[str, ...]
) -> dict[str, list[list[tuple[int, int]]]]:
    """Civil Comments toxic spans: comment id -> each rater's character ranges of these kinds.

    A kind is the start of the span type ("Insult", "Other Toxicity", "Threat", ...).
    """
    by_rating: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for row in _rows(folder / "spans.csv"):
        if row["type"].strip().lower().startswith(tuple(k.lower() for k in kinds)):
            by_rating[row["annotation"]].append((int(row["start"]), int(row["end"])))
    out: dict[str, list[list[tuple[int, int]]]] = defaultdict(list)
    for row in _rows(folder / "annotations.csv"):
        out[row["comment_id"]].append(by_rating.get(row["annotation"], []))
    return dict(out)


def load_davidson(folder: Path) -> list[Example]:
    """Davidson tweets: hate speech, offensive language or neither (share of coders)."""
    out = []
    for row in _rows(folder / "labeled_data.csv"):
        n = int(row["count"])
        hate, offensive = int(row["hate_speech"]) / n, int(row["offensive_language"]) / n
        if row["class"] == "2":
            labels = not_abusive(spam=0.0)
        else:
            labels = clean_labels(
                toxicity=min(1.0, hate + offensive), severe_toxicity=hate, spam=0.0
            )
        out.append(Example(row["tweet"], "davidson_hate_offensive", row[""], labels))
    return out


def load_hatexplain(folder: Path) -> list[Example]:
    """HateXplain posts: normal, offensive, or hate speech aimed at a target group."""
    out = []
    for i, row in enumerate(_rows(folder / "hatexplain_preprocessed.csv")):
        label = row["label"]
        if label == "0":
            labels = not_abusive(spam=0.0)
        else:
            hate = 1.0 if label == "2" else 0.0
            labels = clean_labels(
                toxicity=1.0, severe_toxicity=hate, identity_attack=hate, spam=0.0
            )
        out.append(Example(row["text"], "hatexplain_magpie", str(i), labels))
    return out


def load_olid(folder: Path) -> list[Example]:
    """OLID tweets: offensive or not; targeted (insult/threat) or untargeted."""
    out = []
    with (folder / "olid-training-v1.0.tsv").open(encoding="utf-8") as handle:
        next(handle)
        for line in handle:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 5:
                continue
            tweet_id, tweet, a, b, _c = parts
            if a == "NOT":
                labels = not_abusive(spam=0.0)
            elif b == "UNT":
                labels = clean_labels(toxicity=1.0, insult=0.0, identity_attack=0.0, spam=0.0)
            else:
                labels = clean_labels(toxicity=1.0, insult=1.0, spam=0.0)
            out.append(Example(tweet, "olid", tweet_id, labels))
    return out


def load_fox_news(folder: Path) -> list[Example]:
    """Fox News comments: hateful or not, grouped by article."""
    out = []
    with (folder / "fox-news-comments.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            item = json.loads(line)
            if int(item["label"]) == 1:
                labels = clean_labels(toxicity=1.0, identity_attack=1.0, spam=0.0)
            else:
                labels = not_abusive(spam=0.0)
            out.append(Example(item["text"], "fox_news_comments", item["title"], labels))
    return out


def load_wikipedia(folder: Path) -> list[Example]:
    """Wikipedia talk comments (CAT-LARGE, with and without context): toxic or not."""
    out = []
    for name in ("gc.csv", "gn.csv"):
        for row in _rows(folder / name):
            if row["label"] == "1":
                labels = clean_labels(toxicity=1.0, spam=0.0)
            else:
                labels = not_abusive(spam=0.0)
            out.append(Example(row["text"], "context_toxicity_wikipedia", row["id"], labels))
    return out


def load_youtube_spam(folder: Path) -> list[Example]:
    """YouTube comments: spam or not, grouped by video."""
    out = []
    for path in sorted(folder.glob("Youtube0*.csv")):
        for row in _rows(path):
            labels = clean_labels(spam=float(row["CLASS"] == "1"))
            out.append(Example(row["CONTENT"], "youtube_spam", path.stem, labels))
    return out


def load_c3(folder: Path) -> list[Example]:
    """C3 Globe and Mail comments (evaluation only): at least mildly toxic or not."""
    return [
        Example(
            row["comment_text"],
            "c3_constructive_comments",
            row["article_id"],
            clean_labels(toxicity=float(row["toxic_binary"] == "1")),
        )
        for row in _rows(folder / "c3_train.csv")
    ]


def load_sfu(folder: Path) -> list[Example]:
    """SFU constructiveness and toxicity corpus (evaluation only): toxic level >= 2."""
    return [
        Example(
            row["comment"],
            "sfu_constructiveness_toxicity",
            row["globe_url"],
            clean_labels(toxicity=float(int(row["is_toxic_popular_answer_1"] or 1) >= 2)),
        )
        for row in _rows(folder / "SFU_constructiveness_toxicity.csv")
    ]


def load_ethos(folder: Path) -> list[Example]:
    """ETHOS comments (evaluation only): hate speech by the annotators' majority."""
    out = []
    for i, row in enumerate(_rows(folder / "Ethos_Dataset_Binary.csv", delimiter=";")):
        hate = float(float(row["isHate"]) >= 0.5)
        labels = clean_labels(identity_attack=hate, toxicity=hate)
        out.append(Example(row["comment"], "ethos", str(i), labels))
    return out


TRAIN_SETS: dict[str, Loader] = {
    "civil_comments_toxic_spans": load_civil_spans,
    "davidson_hate_offensive": load_davidson,
    "hatexplain_magpie": load_hatexplain,
    "olid": load_olid,
    "fox_news_comments": load_fox_news,
    "context_toxicity_wikipedia": load_wikipedia,
    "youtube_spam": load_youtube_spam,
}
EVAL_ONLY_SETS: dict[str, Loader] = {
    "c3_constructive_comments": load_c3,
    "sfu_constructiveness_toxicity": load_sfu,
    "ethos": load_ethos,
}


def load_sets(datasets_dir: Path, loaders: dict[str, Loader]) -> dict[str, list[Example]]:
    """Every set of `loaders` present under datasets_dir; an absent one is skipped, logged."""
    found: dict[str, list[Example]] = {}
    for name, loader in loaders.items():
        folder = datasets_dir / name
        if not folder.is_dir():
            log.warning("dataset %s not found under %s: skipped", name, datasets_dir)
            continue
        found[name] = loader(folder)
    return found
