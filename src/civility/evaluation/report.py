"""The evaluation table as plain text for the terminal and as a markdown report."""

from __future__ import annotations

from collections.abc import Sequence

from civility.evaluation.metrics import EvalRow

COLUMNS = ("dataset", "score", "system", "n", "pos", "ROC-AUC", "F1@0.5", "ECE")


def _cells(row: EvalRow) -> tuple[str, ...]:
    """The printed cells of one row."""
    auc = "-" if row.roc_auc is None else f"{row.roc_auc:.3f}"
    return (
        row.dataset,
        row.score,
        row.system,
        str(row.n),
        str(row.positives),
        auc,
        f"{row.f1_at_half:.3f}",
        f"{row.ece:.3f}",
    )


def text_table(rows: Sequence[EvalRow]) -> str:
    """Aligned columns, one line per row."""
    cells = [COLUMNS, *(_cells(r) for r in rows)]
    widths = [max(len(line[i]) for line in cells) for i in range(len(COLUMNS))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) for line in cells
    )


def markdown_table(rows: Sequence[EvalRow]) -> str:
    """A GitHub markdown table of the rows."""
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines.extend("| " + " | ".join(_cells(r)) + " |" for r in rows)
    return "\n".join(lines)


def markdown_report(
    rows: Sequence[EvalRow], *, title: str, notes: Sequence[str], images: Sequence[str]
) -> str:
    """The whole report: notes, the table, and links to the plots."""
    parts = [f"# {title}", "", *[f"- {n}" for n in notes], "", markdown_table(rows), ""]
    parts.extend(f"![{name}]({name})" for name in images)
    return "\n".join(parts) + "\n"
