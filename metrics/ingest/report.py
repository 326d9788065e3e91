"""The validation report: structured JSON naming each problem's row, column and rule.

Errors reject the return. Warnings (rules declared as warnings, e.g. a late barred-list
notification) are listed the same way, with their row, and the return still loads."""

from collections import Counter

from django.conf import settings


class Report:
    def __init__(self, dataset, *, rows_total: int | None = None):
        self.dataset = dataset
        self.rows_total = rows_total
        self.errors: list[dict] = []
        self.totals: Counter = Counter()
        self.warnings: list[dict] = []
        self.warning_totals: Counter = Counter()

    def add(
        self, *, row, column, rule, message, value=None, count: int = 1, warning: bool = False
    ) -> None:
        self.count_only(rule, count, warning=warning)
        listed = self.warnings if warning else self.errors
        if len(listed) < settings.RETURN_REPORT_MAX_ERRORS:
            error = {"row": row, "column": column, "rule": rule, "message": message}
            if value is not None:
                error["value"] = str(value)[:80]
            listed.append(error)

    def count_only(self, rule: str, count: int, *, warning: bool = False) -> None:
        if count:
            (self.warning_totals if warning else self.totals)[rule] += count

    @property
    def valid(self) -> bool:
        return not self.totals

    def as_dict(self) -> dict:
        self.errors.sort(key=lambda e: (e["row"] or 0, e["column"]))
        self.warnings.sort(key=lambda e: (e["row"] or 0, e["column"]))
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
            "warning_count": sum(self.warning_totals.values()),
            "warnings_by_rule": dict(sorted(self.warning_totals.items())),
            "warnings": self.warnings,
            "rows_are_numbered": "as in the file, with the header as row 1",
        }
