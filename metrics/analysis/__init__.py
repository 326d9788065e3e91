"""Statistical analysis of monthly force metrics: XmR charts, funnel plots and similar forces.

Pure pandas/numpy/scipy (no Django). Definitions follow the NHS-R community reference packages:

* NHSRplotthedots (NHS England "Making Data Count" XmR charts): ``R/ptd_spc_standard.R``,
  ``R/ptd_calculate_point_type.R``, ``R/ptd_calculate_assurance_type.R`` -> :mod:`.spc`.
* FunnelPlotR (Spiegelhalter funnel plots): ``R/od_adjustment.R``, ``R/calculate_limits.R``
  -> :mod:`.funnel`.
* Similar forces (nearest neighbours on standardised reference variables) -> :mod:`.groups`.

Missing values (NaN or infinite) are rejected with ``ValueError`` rather than skipped: a gap in a
monthly series would otherwise make a moving range silently span two months.
"""

from .funnel import funnel_limits, funnel_points, overdispersion
from .groups import similar_groups
from .spc import assurance, xmr

__all__ = [
    "assurance",
    "funnel_limits",
    "funnel_points",
    "overdispersion",
    "similar_groups",
    "xmr",
]
