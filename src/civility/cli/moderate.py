"""`civility moderate`: the batch contract on files, on the same engine as the server."""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import IO, Any

import click
from tqdm import tqdm

from civility.batch import Item, LineError, error_line, parse_line, result_line
from civility.cli.common import load_settings
from civility.cli.engine import load_engine
from civility.commenting import Engine
from civility.pipeline.decide import decide

HELP = """Moderate comments from a JSON Lines file (or - for stdin).

\b
Each input line is one comment:
  {"id": "c1", "text": "...", "article": {"title": "...", "body": "..."},
   "parent": {"text": "..."}}
"id" (a string or an integer), "article" and "parent" are optional.

\b
Each output line answers the input line at the same position:
  {"id": "c1", "decision": "publish|hold|reject",
   "scores": {"<name>": 0.03, ...}, "reasons": ["..."]}
Every score name the configured scorers produce is present on every line;
a scorer that failed gives null and the comment is held.

\b
A malformed line (not UTF-8, not JSON, not an object, no "text", over 1 MB)
gets {"id": ..., "line": N, "error": "..."} and the run goes on. The exit
status is 1 when any line failed. No database is used. A progress bar goes
to stderr when stderr is a terminal.
"""


@click.command(help=HELP)
@click.argument("input_file", metavar="FILE", type=click.File("rb"))
@click.option(
    "-o",
    "--output",
    type=click.File("w", encoding="utf-8", lazy=True),
    default="-",
    help="Where to write the results (default: stdout).",
)
@click.option(
    "--batch-size",
    type=click.IntRange(1, 4096),
    default=128,
    show_default=True,
    help="Comments scored together; model scorers are faster on larger batches.",
)
@click.option(
    "--scorer-timeout-ms",
    type=click.IntRange(1),
    default=60_000,
    show_default=True,
    help="Time a scorer gets per 32 comments before its scores count as failed; generous, "
    "since a batch run is offline (the server uses CIVILITY_SCORER_TIMEOUT_MS).",
)
def moderate(
    input_file: IO[bytes], output: IO[str], batch_size: int, scorer_timeout_ms: int
) -> None:
    """Moderate a JSON Lines file; see the command's help for the format."""
    engine = load_engine(load_settings(scorer_timeout_ms=scorer_timeout_ms))
    try:
        counts = _moderate_stream(engine, input_file, output, batch_size)
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    finally:
        engine.pipeline.close()
    click.echo(_summary(counts), err=True)
    if counts["error"]:
        sys.exit(1)


def _moderate_stream(
    engine: Engine, input_file: IO[bytes], output: IO[str], batch_size: int
) -> Counter[str]:
    """Read, score and write chunk by chunk; returns how many lines got each outcome."""
    counts: Counter[str] = Counter()
    with _progress(input_file) as bar:
        for chunk in _chunks(_read_lines(input_file), batch_size):
            for out in moderate_chunk(engine, chunk):
                output.write(json.dumps(out, ensure_ascii=False) + "\n")
                counts[out.get("decision", "error")] += 1
            output.flush()
            bar.update(len(chunk))
    return counts


def moderate_chunk(engine: Engine, chunk: list[Item | LineError]) -> list[dict[str, Any]]:
    """Score the well-formed lines of a chunk together; answer every line in order."""
    items = [entry for entry in chunk if isinstance(entry, Item)]
    scored = engine.pipeline.run_batch([item.submission for item in items])
    decisions = {
        item.line: decide(scores, engine.policy) for item, scores in zip(items, scored, strict=True)
    }
    names = engine.pipeline.score_names
    return [
        result_line(entry.id, decisions[entry.line], names)
        if isinstance(entry, Item)
        else error_line(entry)
        for entry in chunk
    ]


def _read_lines(stream: IO[bytes]) -> Iterator[Item | LineError]:
    """Parse each input line as it is read; a final newline does not make an empty line."""
    for number, raw in enumerate(stream, start=1):
        yield parse_line(raw.rstrip(b"\r\n"), number)


def _chunks(entries: Iterable[Item | LineError], size: int) -> Iterator[list[Item | LineError]]:
    """Consecutive lists of `size` entries."""
    iterator = iter(entries)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _progress(stream: IO[bytes]) -> tqdm[Any]:
    """A progress bar on a terminal's stderr; silent when stderr is a file or a pipe."""
    on_terminal = sys.stderr.isatty()
    columns, lines = _terminal_size() if on_terminal else (None, None)
    return tqdm(
        total=_count_lines(stream),
        unit=" comments",
        file=sys.stderr,
        disable=not on_terminal,
        ncols=columns,
        nrows=lines,
    )


def _terminal_size() -> tuple[int, int]:
    """Columns and lines of the terminal on stderr; one that reports 0x0 counts as 80x24."""
    try:
        size = os.get_terminal_size(sys.stderr.fileno())
    except OSError:
        return 80, 24
    # tqdm hides a bar that does not fit, and a terminal of 0 lines fits none.
    return size.columns or 80, size.lines or 24


def _count_lines(stream: IO[bytes]) -> int | None:
    """Lines in a regular file, for the bar's total; None for stdin and pipes."""
    if not stream.seekable() or stream is sys.stdin.buffer:
        return None
    start = stream.tell()
    total = sum(chunk.count(b"\n") for chunk in iter(lambda: stream.read(1 << 20), b""))
    stream.seek(start)
    return total


def _summary(counts: Counter[str]) -> str:
    """One line to stderr after the run."""
    parts = [f"{counts[key]} {key}" for key in ("publish", "hold", "reject", "error")]
    return f"{sum(counts.values())} lines: " + ", ".join(parts)
