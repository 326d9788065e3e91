"""An XmR chart as plain lists: what the pages, the verdicts and the Engage criteria read of
metrics.analysis.xmr's DataFrame, at a fraction of what a DataFrame costs to build and read."""

from collections import namedtuple
from dataclasses import dataclass

# What the pages and the Engage criteria read of a chart (metrics.analysis.xmr has more).
COLUMNS = ("value", "mean", "lpl", "upl", "special_cause", "rule", "variation", "trial")
LIMITS = ("mean", "lpl", "upl")  # may be NaN (a group of one point), stored as null
Point = namedtuple("Point", COLUMNS)


@dataclass(frozen=True)
class XmrChart:
    """An XmR chart's columns (COLUMNS), one value per month, oldest first."""

    columns: dict[str, list]

    @classmethod
    def of(cls, frame) -> "XmrChart":
        """From metrics.analysis.xmr's DataFrame."""
        return cls({name: frame[name].tolist() for name in COLUMNS})

    def __getitem__(self, name: str) -> list:
        return self.columns[name]

    def __len__(self) -> int:
        return len(self.columns["value"])

    def itertuples(self) -> list[Point]:
        """One Point per month, as DataFrame.itertuples gives them (without the index)."""
        return [Point(*values) for values in zip(*(self.columns[c] for c in COLUMNS), strict=True)]
