"""`civility moderate`: the batch contract on files, on the same engine as the server."""

from __future__ import annotations

import codecs
import os
import stat
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import IO, Any

import click
from tqdm import tqdm

from civility.batch import Item, LineError, output_text, parse_line
from civility.batch_pool import (
    Answers,
    CacheFile,
    Chunk,
    EngineBuildError,
    WorkerPool,
    default_workers,
    off_topic_scorer,
    open_article_cache,
    score_chunk,
)
from civility.cli.common import load_settings
from civility.cli.engine import load_engine
from civility.commenting import Engine
from civility.config import Settings
from civility.passage_vector_cache import PassageVectorCache, default_path

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
A malformed line (not UTF-8, not JSON, not an object, no "text", over 1 MB,
a lone surrogate such as \\ud800 in "id" or a text) gets
{"id": ..., "line": N, "error": "..."} (id null when it cannot be written)
and the run goes on. The exit status is 1 when any line failed. A byte order
mark opening the file is skipped; -o may not name the input file. No database
is used. A progress bar goes to stderr when stderr is a terminal.

\b
A file of 1,000 lines or more is scored by one worker process per CPU core,
up to 8 (--workers sets how many; stdin uses one unless told).

\b
Article passages are embedded once and their vectors kept in a cache file
(--article-cache), so a later run over the same articles reads them instead.
"""

# Below this many lines, starting workers (each loads the models) costs more than it saves.
POOL_MIN_LINES = 1_000


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
@click.option(
    "--workers",
    type=click.IntRange(1, 256),
    default=None,
    help="Worker processes (default: one per CPU core, up to 8, for a file of "
    f"{POOL_MIN_LINES:,} lines or more, else 1).",
)
@click.option(
    "--article-cache",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="SQLite file that keeps article passage vectors between runs "
    f"(default: $XDG_CACHE_HOME or ~/.cache, then civility/{default_path().name}).",
)
@click.option(
    "--no-article-cache",
    is_flag=True,
    help="Embed every article afresh; read and write no cache file.",
)
def moderate(
    input_file: IO[bytes],
    output: IO[str],
    batch_size: int,
    scorer_timeout_ms: int,
    workers: int | None,
    article_cache: Path | None,
    no_article_cache: bool,
) -> None:
    """Moderate a JSON Lines file; see the command's help for the format."""
    _refuse_output_onto_input(input_file, output)
    settings = load_settings(scorer_timeout_ms=scorer_timeout_ms)
    total = _count_lines(input_file)
    if workers is None:
        workers = default_workers() if (total or 0) >= POOL_MIN_LINES else 1
    chunks = _chunks(_read_lines(input_file), batch_size)
    cache_file = None
    if not no_article_cache and "off_topic" in settings.scorers:
        cache_file = CacheFile(article_cache or default_path(), _warn)
    caches: list[PassageVectorCache] = []
    try:
        answers = _answers(settings, chunks, workers, cache_file, caches)
        counts = _write_answers(answers, output, total)
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except EngineBuildError as exc:
        raise click.ClickException(f"cannot build the moderation engine: {exc}") from exc
    click.echo(_summary(counts), err=True)
    for cache in caches:
        click.echo(_cache_summary(cache), err=True)
    if counts["error"]:
        sys.exit(1)


def _answers(
    settings: Settings,
    chunks: Iterator[Chunk],
    workers: int,
    cache_file: CacheFile | None,
    caches: list[PassageVectorCache],
) -> Iterator[Answers]:
    """Each chunk's answers in order, in this process or in workers; the engine is built first.

    Building before the first line is read reports a configuration error even for empty input.
    The article cache opened for the run is appended to `caches`, for the closing summary.
    """
    if workers == 1:
        engine = load_engine(settings)
        off_topic = off_topic_scorer(engine)
        cache = open_article_cache(off_topic, cache_file) if off_topic is not None else None
        caches.extend([cache] if cache is not None else [])
        return _in_process(engine, chunks, cache)
    pool = WorkerPool(settings, workers, cache_file)
    try:
        pool.check()
    except BaseException:
        pool.close()
        raise
    caches.extend([pool.article_cache] if pool.article_cache is not None else [])
    return _in_pool(pool, chunks)


def _in_process(
    engine: Engine, chunks: Iterator[Chunk], cache: PassageVectorCache | None
) -> Iterator[Answers]:
    """Score chunk after chunk with one engine."""
    try:
        for chunk in chunks:
            yield score_chunk(engine, chunk)
    finally:
        engine.pipeline.close()
        if cache is not None:
            cache.close()


def _in_pool(pool: WorkerPool, chunks: Iterator[Chunk]) -> Iterator[Answers]:
    """Chunks scored by the worker processes, in order; the workers stop at the end."""
    try:
        yield from pool.scored(chunks)
    finally:
        pool.close()


def _write_answers(answers: Iterator[Answers], output: IO[str], total: int | None) -> Counter[str]:
    """Write answer lines as chunks come; returns how many lines got each outcome."""
    counts: Counter[str] = Counter()
    with _progress(total) as bar:
        for chunk in answers:
            for out in chunk:
                output.write(output_text(out) + "\n")
                counts[out.get("decision", "error")] += 1
            output.flush()
            bar.update(len(chunk))
    return counts


def _read_lines(stream: IO[bytes]) -> Iterator[Item | LineError]:
    """Parse each input line as it is read; a final newline does not make an empty line, nor do
    blank lines at the end of the file (editors leave them). A blank line before another line
    is an error line, so that every output line still stands beside its input line."""
    blanks: list[int] = []
    for number, raw in enumerate(stream, start=1):
        if number == 1:
            # Windows editors start UTF-8 files with a byte order mark; import-text skips it too.
            raw = raw.removeprefix(codecs.BOM_UTF8)
        line = raw.rstrip(b"\r\n")
        if not line.strip():
            blanks.append(number)
            continue
        for blank in blanks:
            yield LineError(blank, None, "blank line: expected a JSON object")
        blanks.clear()
        yield parse_line(line, number)


def _refuse_output_onto_input(input_file: IO[bytes], output: IO[str]) -> None:
    """Stop before writing when the output is the input file: writing would truncate it unread."""
    read = _file_stat(input_file)
    # -o is opened lazily, at the first line written: until then only its path is known.
    written = _path_stat(output.name) if output.name != "-" else _file_stat(sys.stdout)
    if read is not None and written is not None and os.path.samestat(read, written):
        where = "standard output" if output.name == "-" else repr(output.name)
        raise click.BadParameter(
            f"{where} is the input file; write the results to another file",
            param_hint="'-o' / '--output'",
        )


def _file_stat(stream: IO[Any]) -> os.stat_result | None:
    """The regular file behind an open stream; None for a pipe, a terminal or no file at all."""
    try:
        status = os.fstat(stream.fileno())
    except (OSError, ValueError):  # io.UnsupportedOperation is both
        return None
    return status if stat.S_ISREG(status.st_mode) else None


def _path_stat(path: str) -> os.stat_result | None:
    """The file a path names (through symlinks), or None when there is none yet."""
    try:
        return os.stat(path)
    except (OSError, ValueError):
        return None


def _chunks(entries: Iterable[Item | LineError], size: int) -> Iterator[list[Item | LineError]]:
    """Consecutive lists of `size` entries."""
    iterator = iter(entries)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _progress(total: int | None) -> tqdm[Any]:
    """A progress bar on a terminal's stderr; silent when stderr is a file or a pipe."""
    on_terminal = sys.stderr.isatty()
    columns, lines = _terminal_size() if on_terminal else (None, None)
    return tqdm(
        total=total,
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


def _warn(message: str) -> None:
    """A warning on stderr that does not stop the run."""
    click.echo(f"warning: {message}", err=True)


def _cache_summary(cache: PassageVectorCache) -> str:
    """How much of the articles' work the cache file saved."""
    if cache.failed and not (cache.read or cache.written):
        return "article passages: no cache file used"
    return (
        f"article passages: {cache.read} read from the cache, {cache.written} embedded and "
        f"saved ({cache.path})"
    )


def _summary(counts: Counter[str]) -> str:
    """One line to stderr after the run."""
    parts = [f"{counts[key]} {key}" for key in ("publish", "hold", "reject", "error")]
    return f"{sum(counts.values())} lines: " + ", ".join(parts)
