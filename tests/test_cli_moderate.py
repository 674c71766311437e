"""`civility moderate`: the batch contract of PRODUCT.md, on good, malformed and huge input."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
import time
from pathlib import Path
from typing import IO, Any

import pytest
from click.testing import CliRunner, Result

from civility.batch import MAX_LINE_BYTES, parse_line, printed_score, result_line
from civility.cli import main
from civility.commenting import Engine
from civility.domain import CommentStatus, Decision, Score

ARTICLE = {"title": "Haqqani network", "body": "Pakistan made a commitment to Washington."}


def _line(**fields: Any) -> bytes:
    return json.dumps(fields).encode() + b"\n"


def _run(data: bytes, *args: str) -> Result:
    return CliRunner().invoke(main, ["moderate", "-", *args], input=data)


def _outputs(result: Result) -> list[dict[str, Any]]:
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_cli_moderate_answers_every_line_in_order(default_engine: Engine) -> None:
    lines = [
        _line(id="c1", text="A fair point about the talks.", article=ARTICLE),
        _line(id=2, text="Yes, really.", parent={"text": "Is that so?"}),
        _line(text="No id at all, still answered."),
    ]
    result = _run(b"".join(lines))
    assert result.exit_code == 0, result.output
    out = _outputs(result)
    assert [o["id"] for o in out] == ["c1", 2, None]
    names = set(default_engine.pipeline.score_names)
    for o in out:
        assert set(o) == {"id", "decision", "scores", "reasons"}
        assert set(o["scores"]) == names
        assert o["decision"] in {"publish", "hold", "reject"}
        assert all(0.0 <= v <= 1.0 for v in o["scores"].values())
        assert isinstance(o["reasons"], list)
    assert "3 lines: " in result.stderr


def test_cli_moderate_malformed_lines_get_errors_and_the_run_goes_on() -> None:
    bad = [
        b"this is not json\n",
        b'["a", "json", "array"]\n',
        _line(id="no-text"),
        _line(id="int-text", text=42),
        _line(id=7, text="fine", article="not an object"),
        b'{"id": "bad-utf8", "text": "caf\xe9"}\n',
        b'{"id": "surrogate", "text": "\\ud800 alone"}\n',
        b"[" * 100_000 + b"\n",
        b"\n",
    ]
    good = _line(id="ok", text="A fair point about the talks.")
    result = _run(good + b"".join(bad) + good)
    assert result.exit_code == 1
    out = _outputs(result)
    assert len(out) == len(bad) + 2
    assert out[0]["id"] == out[-1]["id"] == "ok" and "decision" in out[-1]
    errors = out[1:-1]
    assert all("error" in o and "decision" not in o for o in errors)
    assert [o["line"] for o in errors] == list(range(2, len(bad) + 2))
    assert [o["id"] for o in errors[2:5]] == ["no-text", "int-text", 7]
    assert "JSON" in errors[0]["error"] and "object" in errors[1]["error"]
    assert "text" in errors[2]["error"] and "UTF-8" in errors[5]["error"]
    assert "surrogate" in errors[6]["error"]


def test_cli_moderate_huge_line_is_refused_without_stopping() -> None:
    huge = _line(id="huge", text="x" * (10 * 1024 * 1024))
    result = _run(huge + _line(id="after", text="Still moderated."))
    assert result.exit_code == 1
    first, second = _outputs(result)
    assert first["line"] == 1 and f"limit {MAX_LINE_BYTES}" in first["error"]
    assert second["id"] == "after" and "decision" in second


def test_cli_moderate_hostile_text_round_trips() -> None:
    texts = ["<script>alert(1)</script>", "'; DROP TABLE x; --", "e\u0301\u202e\u200b\U0001f600"]
    data = b"".join(_line(id=i, text=t) for i, t in enumerate(texts))
    result = _run(data)
    assert result.exit_code == 0
    assert [o["id"] for o in _outputs(result)] == [0, 1, 2]


@pytest.mark.slow
def test_cli_moderate_ten_thousand_lines_to_a_file(tmp_path: Path) -> None:
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    with source.open("wb") as handle:
        for n in range(10_000):
            handle.write(
                _line(id=f"c{n}", text=f"Comment number {n} on the talks.", article=ARTICLE)
            )
    result = CliRunner().invoke(main, ["moderate", str(source), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    out = [json.loads(line) for line in target.read_text().splitlines()]
    assert [o["id"] for o in out] == [f"c{n}" for n in range(10_000)]
    assert "10000 lines: " in result.stderr and "it/s" not in result.stderr


def test_cli_moderate_help_documents_the_format() -> None:
    result = CliRunner().invoke(main, ["moderate", "--help"])
    assert result.exit_code == 0
    for words in ('"text"', '"article"', '"parent"', '"decision"', '"scores"', '"error"'):
        assert words in result.output


def test_cli_moderate_parse_line_keeps_bool_ids_out() -> None:
    error = parse_line(b'{"id": true, "text": 5}', 1)
    assert getattr(error, "id", "missing") is None


def test_cli_moderate_empty_input_is_fine() -> None:
    result = _run(b"")
    assert result.exit_code == 0 and result.stdout == ""
    assert "0 lines" in result.stderr


def test_cli_moderate_blank_lines_at_the_end_are_no_lines_but_inside_are_errors() -> None:
    first, second = _line(id="a", text="A fair point."), _line(id="b", text="Quite so.")
    trailing = _run(first + second + b"\n  \r\n\t\n")
    assert trailing.exit_code == 0, trailing.output
    assert [o["id"] for o in _outputs(trailing)] == ["a", "b"]
    inside = _run(first + b"\n" + b" \n" + second + b"\n")
    assert inside.exit_code == 1
    out = _outputs(inside)
    assert [o.get("id") for o in out] == ["a", None, None, "b"]
    assert [o.get("line") for o in out[1:3]] == [2, 3]
    assert out[1]["error"] == "blank line: expected a JSON object"


def test_cli_moderate_progress_bar_only_on_a_terminal(tmp_path: Path) -> None:
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_bytes(b"".join(_line(id=n, text="A remark on the talks.") for n in range(300)))
    civility = Path(sys.executable).with_name("civility")
    main_fd, terminal_fd = pty.openpty()
    with os.fdopen(main_fd, "rb", buffering=0) as terminal:
        done = subprocess.run(
            [civility, "moderate", source, "-o", target], stderr=terminal_fd, check=False
        )
        os.close(terminal_fd)
        shown = _read_all(terminal)
    assert done.returncode == 0
    assert b"300/300" in shown and b"comments" in shown
    assert len(target.read_text().splitlines()) == 300


def _read_all(terminal: IO[bytes]) -> bytes:
    chunks = []
    try:
        while chunk := terminal.read(65536):
            chunks.append(chunk)
    except OSError:  # the pty reports EIO once the child side is closed
        pass
    return b"".join(chunks)


def test_cli_moderate_timed_out_scorer_gives_null_and_holds(default_engine: Engine) -> None:
    text = "A long and considered remark on the talks in Islamabad and Washington. " * 20
    data = b"".join(_line(id=n, text=text) for n in range(200))
    result = _run(data, "--scorer-timeout-ms", "1", "--batch-size", "200")
    assert result.exit_code == 0, result.output
    out = _outputs(result)
    assert len(out) == 200
    names = set(default_engine.pipeline.score_names)
    failed = [o for o in out if None in o["scores"].values()]
    assert failed, "a 1 ms budget for 200 long comments should time a scorer out"
    for o in out:
        assert set(o["scores"]) == names
    for o in failed:
        assert o["decision"] == "hold"
        assert any("timed out" in reason for reason in o["reasons"])


def test_cli_moderate_workers_answer_as_one_process_does(tmp_path: Path) -> None:
    other = {"title": "Cricket", "body": "Pakistan won the toss and chose to bat at Lahore."}
    lines = [
        _line(id=n, text=text, article=article, parent={"text": "Why do you say that?"})
        for n, (text, article) in enumerate(
            [
                ("The commitment to Washington looks hollow to me.", ARTICLE),
                ("Buy cheap watches at my shop, best prices!", ARTICLE),
                ("Great innings, the openers were superb.", other),
                ("You are a complete idiot.", other),
            ]
            * 6
        )
    ]
    lines[5:5] = [b"not json\n", _line(id="no-text")]
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"".join(lines))
    outputs = []
    for workers in ("1", "2"):
        target = tmp_path / f"out{workers}.jsonl"
        args = ["moderate", str(source), "-o", str(target), "--workers", workers]
        result = CliRunner().invoke(main, [*args, "--batch-size", "4"])
        assert result.exit_code == 1, result.output  # the two malformed lines
        assert "26 lines: " in result.stderr and "2 error" in result.stderr
        outputs.append(target.read_text())
    assert outputs[0] == outputs[1]
    out = [json.loads(line) for line in outputs[1].splitlines()]
    assert [o.get("id") for o in out[4:8]] == [4, None, "no-text", 5]


def test_cli_moderate_workers_report_a_bad_engine_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CIVILITY_SCORERS", '["length", "no_such_scorer"]')
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"")
    result = CliRunner().invoke(main, ["moderate", str(source), "--workers", "2"])
    assert result.exit_code == 1
    assert "cannot build the moderation engine" in result.output
    assert "no_such_scorer" in result.output


def _children(pid: int) -> set[int]:
    """Process ids whose parent is `pid`, read from /proc."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
def test_cli_moderate_workers_end_when_the_command_is_killed(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    text = "A long and considered remark on the talks in Islamabad and Washington. " * 10
    source.write_bytes(b"".join(_line(id=n, text=text, article=ARTICLE) for n in range(3000)))
    civility = Path(sys.executable).with_name("civility")
    command = [civility, "moderate", source, "-o", tmp_path / "out.jsonl", "--workers", "2"]
    run = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while len(workers := _children(run.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(workers) >= 2, "the workers did not start"
    finally:
        run.kill()
        run.wait()
    deadline = time.monotonic() + 15
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_alive(pid) for pid in workers)


def test_cli_moderate_workers_answer_huge_and_hostile_lines(tmp_path: Path) -> None:
    hostile = "<script>alert(1)</script>'; DROP TABLE comments;--\u202e\u200b" + "the" * 2000
    source = tmp_path / "in.jsonl"
    source.write_bytes(
        _line(id="hostile", text=hostile, article={"title": "<b>x</b>", "body": hostile})
        + _line(id="huge", text="x" * MAX_LINE_BYTES)
        + _line(id="fine", text="A fair point about the talks.", article=ARTICLE)
    )
    target = tmp_path / "out.jsonl"
    args = ["moderate", str(source), "-o", str(target), "--workers", "2"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    out = [json.loads(line) for line in target.read_text().splitlines()]
    assert [o["id"] for o in out] == ["hostile", None, "fine"]  # a huge line is not parsed
    assert out[0]["decision"] in {"publish", "hold", "reject"}
    assert None not in out[0]["scores"].values()
    assert out[1]["line"] == 2 and "error" in out[1] and "decision" in out[2]


def _cached_runs(tmp_path: Path, workers: str) -> tuple[list[str], list[str]]:
    """Three runs over one file: cache cold, cache warm, no cache; outputs and stderr of each."""
    other = {"title": "Cricket", "body": "Pakistan won the toss and chose to bat at Lahore."}
    texts = ["I wonder whether anyone will notice.", "Buy cheap watches at my shop!", "Why?"]
    source = tmp_path / "in.jsonl"
    source.write_bytes(
        b"".join(
            _line(id=n, text=text, article=article)
            for n, (text, article) in enumerate([(t, a) for t in texts for a in (ARTICLE, other)])
        )
    )
    cache = tmp_path / "cache" / "vectors.sqlite3"
    outputs, errors = [], []
    for extra in (["--article-cache", str(cache)],) * 2 + (["--no-article-cache"],):
        target = tmp_path / "out.jsonl"
        args = ["moderate", str(source), "-o", str(target), "--workers", workers, *extra]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        outputs.append(target.read_text())
        errors.append(result.stderr)
    return outputs, errors


@pytest.mark.parametrize("workers", ["1", "2"])
def test_cli_moderate_reads_article_vectors_saved_by_an_earlier_run(
    tmp_path: Path, workers: str
) -> None:
    outputs, errors = _cached_runs(tmp_path, workers)
    assert outputs[0] == outputs[1] == outputs[2]
    assert "0 read from the cache, 2 embedded and saved" in errors[0]
    assert "2 read from the cache, 0 embedded and saved" in errors[1]
    assert "article passages" not in errors[2]


def test_cli_moderate_default_article_cache_is_in_the_user_cache_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    line = _line(id=1, text="I wonder whether anyone will notice.", article=ARTICLE)
    result = _run(line)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "civility" / "article-passages.sqlite3").is_file()
    assert "1 embedded and saved" in result.stderr


def test_cli_moderate_broken_article_cache_warns_and_loses_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"\x00garbage" * 1000)
    lines = [
        _line(id=n, text="I wonder whether anyone will notice.", article=ARTICLE) for n in (1, 2)
    ]
    result = _run(b"".join(lines), "--article-cache", str(broken))
    assert result.exit_code == 0, result.output
    assert [o["id"] for o in _outputs(result)] == [1, 2]
    assert "warning: article vector cache" in result.stderr and "not used" in result.stderr
    assert "no cache file used" in result.stderr
    assert broken.read_bytes() == b"\x00garbage" * 1000
    directory = _run(lines[0], "--article-cache", str(tmp_path))  # a folder, not a file
    assert directory.exit_code == 2 and "directory" in directory.output


def test_cli_moderate_article_cache_reports_a_run_that_needed_no_article(tmp_path: Path) -> None:
    # Shares enough distinctive words with its article: settled without embedding it.
    text = "Pakistan made a commitment to Washington about the Haqqani network."
    cache = tmp_path / "vectors.sqlite3"
    result = _run(_line(id=1, text=text, article=ARTICLE), "--article-cache", str(cache))
    assert result.exit_code == 0, result.output
    assert "0 read from the cache, 0 embedded and saved" in result.stderr
    assert "warning" not in result.stderr and cache.is_file()


def test_cli_moderate_printed_scores_never_cross_the_line_the_decision_read() -> None:
    # A reader of the output who applies the policy's 0.5 line must find what the policy found.
    just_under = Decision(CommentStatus.PUBLISHED, (), (Score("toxicity", 0.4999996, "r"),), "v")
    assert result_line("c1", just_under, ["toxicity"])["scores"] == {"toxicity": 0.499999}
    exact = [0.0, 0.5, 0.123456, 0.3, 1.0]
    assert [printed_score(value) for value in exact] == exact
    for value in (0.1234565, 0.4999999999, 0.9999999, 1e-7, 0.30000000000000004):
        printed = printed_score(value)
        assert printed <= value and value - printed < 1e-6 and printed == round(printed, 6)
