"""The FAQ's words for a reject line at certainty: it rejects nothing a reader would notice."""

from __future__ import annotations

from typing import Any

from civility.commenting import Engine
from civility.domain import ReasonCategory
from civility.pipeline.policy import Rule


def test_faq_reject_line_at_certainty_reads_as_held_unless_certain(
    make_web_client: Any, lexicon_engine: Any
) -> None:
    certain = Rule("toxicity", ReasonCategory.ABUSE, "rude language", hold_at=0.5, reject_at=1.0)
    engine = Engine(lexicon_engine.pipeline, lexicon_engine.policy.with_rules([certain]))
    html = make_web_client(engine).get("/faq").text
    assert (
        "<strong>rude language</strong> (abuse): refused only when our check is certain; "
        "otherwise it waits for a moderator." in html
    )
    assert "at least 100% sure" not in html
