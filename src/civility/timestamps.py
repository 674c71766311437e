"""The moments Civility stores: in UTC, within years both databases and Python read back."""

from __future__ import annotations

from datetime import UTC, datetime

# Dates a news site can mean: digitised archives reach back to the 19th century, and a date
# beyond 2200 is a typo. The years past the edges (0 and 10000 once an offset is applied) are
# what psycopg cannot read back: one such row would break every page that lists it.
EARLIEST = datetime(1800, 1, 1, tzinfo=UTC)
LATEST = datetime(2201, 1, 1, tzinfo=UTC)


def storable(value: datetime) -> datetime | None:
    """`value` in UTC (a naive one taken as UTC), or None outside the years 1800 to 2200."""
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    # Compared before converting: converting year 9999 at -14:00 overflows.
    if not EARLIEST <= aware < LATEST:
        return None
    return aware.astimezone(UTC)


def range_text() -> str:
    """The stored years, as error messages name them."""
    return f"the years {EARLIEST.year} to {LATEST.year - 1} (UTC)"
