"""Statistical analysis of monthly force metrics: XmR charts and funnel plots.

Pure pandas/numpy/scipy: no Django and nothing of the project. Definitions follow the NHS-R
community reference packages:

* NHSRplotthedots (NHS England "Making Data Count" XmR charts): ``R/ptd_spc_standard.R``,
  ``R/ptd_calculate_point_type.R``, ``R/ptd_calculate_assurance_type.R`` -> :mod:`.spc`.
* FunnelPlotR (Spiegelhalter funnel plots): ``R/od_adjustment.R``, ``R/calculate_limits.R``
  -> :mod:`.funnel`.

Missing values (NaN or infinite) are rejected with ``ValueError`` rather than skipped: a gap in a
monthly series would otherwise make a moving range silently span two months.
"""

from .funnel import funnel_limits, funnel_points, outside_limits, overdispersion
from .spc import assurance, limits_assurance, xmr

__all__ = [
    "assurance",
    "funnel_limits",
    "funnel_points",
    "limits_assurance",
    "outside_limits",
    "overdispersion",
    "xmr",
]
