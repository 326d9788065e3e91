from datetime import date

import pytest

from tests.metrics.factories import ObservationFactory
from tests.standards.factories import CaseFactory, misconduct_return

MARCH = date(2024, 3, 1)
# Force A's open cases at March 2024 by band: 3 to 6 months has 2, under 5.
OPEN_BY_BAND = {
    date(2024, 2, 1): 6,  # under 3 months
    date(2023, 11, 1): 2,  # 3 to 6 months
    date(2023, 6, 1): 7,  # 6 to 12 months
    date(2022, 12, 1): 8,  # 12 to 24 months
    date(2021, 1, 1): 9,  # 24 months or more
}


@pytest.fixture
def standards_a(force_a):
    """Force A's March 2024 misconduct return: open cases by band as OPEN_BY_BAND, a dismissal
    not notified to the barred list, and its outcomes by month (2 dismissals in February, 6 in
    March)."""
    cases = [
        CaseFactory(received_date=received, case_ref=f"REF-{received:%Y%m}-{i}")
        for received, count in OPEN_BY_BAND.items()
        for i in range(count)
    ]
    cases.append(
        CaseFactory(
            case_ref="REF-DISMISSED",
            received_date=date(2023, 1, 1),
            concluded_date=date(2024, 3, 1),
            outcome="dismissal",
        )
    )
    ret = misconduct_return(force_a, MARCH, cases)
    for period, dismissals in ((date(2024, 2, 1), 2.0), (MARCH, 6.0)):
        ObservationFactory(
            force=force_a,
            metric="dismissals_per_1000",
            period=period,
            numerator=dismissals,
            denominator=1100.0,
            value=dismissals / 1100 * 1000,
        )
    return ret
