"""The validation report: structured JSON naming each problem's row, column and rule."""

from collections import Counter

from django.conf import settings


class Report:
    def __init__(self, dataset, *, rows_total: int | None = None):
        self.dataset = dataset
        self.rows_total = rows_total
        self.errors: list[dict] = []
        self.totals: Counter = Counter()

    def add(self, *, row, column, rule, message, value=None, count: int = 1) -> None:
        self.count_only(rule, count)
        if len(self.errors) < settings.RETURN_REPORT_MAX_ERRORS:
            error = {"row": row, "column": column, "rule": rule, "message": message}
            if value is not None:
                error["value"] = str(value)[:80]
            self.errors.append(error)

    def count_only(self, rule: str, count: int) -> None:
        if count:
            self.totals[rule] += count

    @property
    def valid(self) -> bool:
        return not self.totals

    def as_dict(self) -> dict:
        self.errors.sort(key=lambda e: (e["row"] or 0, e["column"]))
        return {
            "dataset": self.dataset.code,
            "schema_version": self.dataset.version,
            "valid": self.valid,
            "rows_total": self.rows_total,
            "error_count": sum(self.totals.values()),
            "errors_by_rule": dict(sorted(self.totals.items())),
            "errors": self.errors,
            "errors_shown": len(self.errors),
            "truncated": sum(self.totals.values()) > len(self.errors),
            "rows_are_numbered": "as in the file, with the header as row 1",
        }
