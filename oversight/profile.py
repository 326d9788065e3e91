"""A force's profile: every metric, grouped by priority area, with a small XmR chart, its latest
month against the similar group and national figures, the nightly verdicts, and the force's
open flags and returns. A fixed number of queries whatever the number of months."""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from django.db.models import Count, Window
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from accounts import access
from accounts.access import Decision
from kit.decimals import floatformat
from kit.periods import month_label
from metrics.catalogue import METRICS, METRICS_BY_CODE, PRIORITY_AREAS
from metrics.catalogue.targets import targets_read_once
from metrics.datasets import DATASETS
from metrics.observations.models import Observation
from metrics.observations.selectors import observations_visible_to
from metrics.returns.completeness import Status, completeness_for, latest_due_months
from metrics.returns.recording_changes import change_marks_by_dataset
from oversight.assessments.models import Assessment
from oversight.assessments.verdicts import VerdictIcons, verdict_icons
from oversight.flags.models import Flag
from oversight.flags.selectors import force_flags_visible_to
from oversight.templatetags.verdict_icons import verdict_icon
from oversight.trends import ForceSeries, compared_figures, force_series

Level = Observation.Level
OPEN_FLAGS_SHOWN = 10
COMPLETENESS_MONTHS = 12


@dataclass
class MetricSummary:
    series: ForceSeries
    similar: dict | None  # the similar group's figure of the latest month, as disclosed
    national: dict | None
    assessment: Assessment | None  # the nightly verdict, when it judged the month shown

    @property
    def metric(self):
        return self.series.metric

    @property
    def icons(self) -> VerdictIcons:
        """The verdicts on the latest month: variation and assurance as the chart shows them,
        the funnel category from the nightly run."""
        trend = self.series.trend
        funnel = self.assessment.funnel_category if self.assessment else ""
        return verdict_icons(trend.variation, trend.side, trend.assurance, funnel)

    @property
    def chart_id(self) -> str:
        return f"chart-{self.metric.code}"

    def figure(self) -> dict | str | None:
        """The small chart: a figure, or the night's as JSON (chart_json writes either)."""
        return self.series.small_figure()

    @property
    def href(self) -> str:
        return reverse("force-metric", args=[self.series.force.slug, self.metric.code])

    @property
    def first_month(self) -> str:
        return f"{self.series.rows[0].period:%Y-%m}" if self.series.rows else ""

    @property
    def latest_month(self) -> str:
        return f"{self.series.latest.period:%Y-%m}" if self.series.latest else ""

    def summary_rows_html(self) -> str:
        """The summary list's rows: the latest month against the similar group and national
        figures, and the verdicts. Written here, not in the template: a profile has two dozen
        of them, too many nodes to render one template tag at a time."""
        latest = self.series.latest
        if latest is None:
            return ""
        icons = self.icons
        rows = [
            (self.latest_month, floatformat(latest.value, 2)),
            ("Similar forces", _compared(self.similar)),
            ("England and Wales", _compared(self.national)),
            ("Variation", verdict_icon(icons.variation)),
        ]
        if icons.assurance:
            rows.append(("Target", verdict_icon(icons.assurance)))
        if icons.funnel:
            rows.append(("Funnel", verdict_icon(icons.funnel)))
        return format_html_join(
            "\n",
            '<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{}</dt>'
            '<dd class="govuk-summary-list__value">{}</dd></div>',
            rows,
        )

    def listed_row_html(self) -> str:
        """Its row in its area's table of further measures: the latest month against the
        similar group and national figures, and the verdicts, linked to its full chart."""
        latest = self.series.latest
        cells = [format_html('<a class="govuk-link" href="{}">{}</a>', self.href, self.metric.name)]
        if latest is None:
            hidden = "not shown: fewer than 5 cases" if self.series.suppressed else ""
            cells += ["", hidden or "no figures yet", "", "", ""]
        else:
            icons = self.icons
            cells += [
                self.latest_month,
                floatformat(latest.value, 2),
                _compared(self.similar),
                _compared(self.national),
                format_html_join(
                    "",
                    "{}",
                    [(verdict_icon(i),) for i in (icons.variation, icons.assurance, icons.funnel)],
                ),
            ]
        return format_html(
            '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">{}</th>'
            '<td class="govuk-table__cell">{}</td><td class="govuk-table__cell">{}</td>'
            '<td class="govuk-table__cell">{}</td><td class="govuk-table__cell">{}</td>'
            '<td class="govuk-table__cell">{}</td></tr>',
            *cells,
        )


@dataclass
class Area:
    """A priority area's measures on the profile: those charted, then those in its table."""

    name: str
    summaries: list[MetricSummary]

    def __iter__(self):  # (name, summaries), as the downloads read it
        return iter((self.name, self.summaries))

    @property
    def charted(self) -> list[MetricSummary]:
        return [s for s in self.summaries if s.metric.profile_chart]

    @property
    def listed(self) -> list[MetricSummary]:
        return [s for s in self.summaries if not s.metric.profile_chart]


def _compared(item: dict | None) -> str:
    """A similar-group or national figure as the summary shows it."""
    if item is None:
        return "no figure"
    return "not shown" if item["suppressed"] else floatformat(item["value"], 2)


@dataclass
class DatasetCompleteness:
    dataset: object
    months: int
    counts: dict  # Status -> number of months

    @property
    def problems(self) -> list[tuple[str, int]]:
        return [
            (status.label, self.counts[status])
            for status in (Status.MISSING, Status.LATE, Status.REJECTED, Status.PENDING)
            if self.counts.get(status)
        ]


@dataclass
class Profile:
    """What the profile shows, each part computed when first asked for, so that a page that
    has a part rendered already (kit.pagecache) does not compute it again."""

    user: object
    force: object
    sees_figures: bool
    today: date | None = None

    @cached_property
    def _latest_open_flags(self) -> list[Flag]:
        """The latest open flags, each annotated with how many are open (`open_total`): the
        count comes with the rows, in one query."""
        flags = force_flags_visible_to(self.user, self.force)
        flags = flags.exclude(status=Flag.Status.CLOSED).annotate(open_total=Window(Count("pk")))
        return list(flags.order_by("-period", "rule")[:OPEN_FLAGS_SHOWN])

    @cached_property
    def open_flags(self) -> list[tuple[Flag, str]]:
        """The latest open flags, each with what it is about: a metric or a dataset."""
        return [(flag, _subject(flag)) for flag in self._latest_open_flags]

    @cached_property
    def open_flag_count(self) -> int:
        latest = self._latest_open_flags
        return latest[0].open_total if latest else 0

    @cached_property
    def completeness(self) -> list[DatasetCompleteness]:
        return _completeness(self.user, self.force, self.today)

    @cached_property
    def areas(self) -> list[Area]:
        """Every metric's summary by priority area."""
        return _areas(self.user, self.force) if self.sees_figures else []


def force_profile(user, force, *, today=None) -> Profile:
    return Profile(user, force, access.allows(user, Decision.SEE_FIGURES, force.pk), today)


def _subject(flag: Flag) -> str:
    if flag.metric in METRICS_BY_CODE:
        return METRICS_BY_CODE[flag.metric].name
    return DATASETS[flag.dataset].name if flag.dataset in DATASETS else flag.dataset


def _areas(user, force) -> list[Area]:
    rows = defaultdict(list)
    observed = (
        observations_visible_to(user)
        .filter(force=force, level=Level.FORCE)
        .exclude(value=None)
        .order_by("metric", "period")
        .values_list(
            "metric",
            "period",
            "numerator",
            "denominator",
            "value",
            "interval_low",  # a rate ratio's 95% interval, beside its value in the table
            "interval_high",
            named=True,
        )
    )
    for o in observed:
        rows[o.metric].append(o)
    marks = change_marks_by_dataset(force)
    assessments = {a.metric: a for a in Assessment.objects.filter(force=force)}
    with targets_read_once():  # one read of the targets for every chart
        series = {
            m.code: force_series(
                user,
                force,
                m,
                rows.get(m.code, []),
                marks.get(m.dataset, []),
                assessments.get(m.code),
            )
            for m in METRICS
        }
    latest = {code: s.latest.period for code, s in series.items() if s.latest}
    compared = compared_figures(user, force, list(latest), periods=latest)
    by_area = defaultdict(list)
    for metric in METRICS:
        s = series[metric.code]
        label = month_label(s.latest.period) if s.latest else None
        assessment = assessments.get(metric.code)
        if assessment is not None and (s.latest is None or assessment.period != s.latest.period):
            assessment = None  # judged on another month than the one shown
        by_area[metric.priority_area].append(
            MetricSummary(
                s,
                compared.get((metric.code, Level.SIMILAR_GROUP, label)),
                compared.get((metric.code, Level.NATIONAL, label)),
                assessment,
            )
        )
    return [Area(area, by_area[area]) for area in PRIORITY_AREAS if by_area.get(area)]


def _completeness(user, force, today) -> list[DatasetCompleteness]:
    """Each dataset's last twelve months that are due: how many were on time, late, missing."""
    due = {code: latest_due_months(code, COMPLETENESS_MONTHS, today=today) for code in DATASETS}
    periods = sorted({p for months in due.values() for p in months})
    cells = completeness_for(user, periods=periods, forces=[force], today=today)
    counts = defaultdict(Counter)
    for cell in cells:
        if cell.period in due[cell.dataset]:
            counts[cell.dataset][cell.status] += 1
    return [
        DatasetCompleteness(DATASETS[code], len(due[code]), dict(counts[code]))
        for code in DATASETS
        if code in counts
    ]
