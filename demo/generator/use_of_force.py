"""use_of_force: each force's use-of-force incidents in the month, by the highest use of a
conducted energy device (Taser).

Calibrated on the Home Office's "Police use of force statistics, England and Wales, April 2019
to March 2020" (HOSB 37/20, Open Government Licence v3.0; the tables are in
data/real/ho_use_of_force/): each force's incidents in the year (Table 12, 491,984 in
England and Wales), and its incidents involving a CED (Table 13, 32,058: 6.5% of incidents,
from 2.1% of Northumbria's to 21.7% of West Midlands'), split by highest use in the national
mix of Table 13 (red-dotted 52%, drawn 22%, fired 10%, aimed 10%). A month is a twelfth of
the force's year, seasonal as violence is, Poisson-distributed. A force missing from the
tables (a test's invented force) uses England and Wales's rate per resident and share.
"""

import numpy as np

from metrics.datasets.declarations import CED_HIGHEST_USES

from .calendar import _month
from .context import _Context
from .seasons import SEASON

# fmt: off
# Force: (incidents, incidents involving a CED), 2019/20, Tables 12 and 13 of HOSB 37/20.
INCIDENTS_2019_20 = {
    "cleveland": (11048, 330), "durham": (8000, 348), "northumbria": (16239, 343),
    "cheshire": (7969, 487), "cumbria": (4513, 315), "greater-manchester": (7818, 1543),
    "lancashire": (9090, 443), "merseyside": (6851, 338), "humberside": (5668, 804),
    "north-yorkshire": (3629, 214), "south-yorkshire": (6806, 562),
    "west-yorkshire": (17498, 868), "derbyshire": (5226, 211), "leicestershire": (9345, 765),
    "lincolnshire": (4022, 395), "northamptonshire": (6620, 555),
    "nottinghamshire": (7039, 388), "staffordshire": (3391, 173), "warwickshire": (2146, 184),
    "west-mercia": (10738, 425), "west-midlands": (11187, 2427), "bedfordshire": (3977, 247),
    "cambridgeshire": (4629, 208), "essex": (15323, 381), "hertfordshire": (9361, 421),
    "norfolk": (5478, 590), "suffolk": (3700, 362), "city-of-london": (2951, 134),
    "metropolitan": (157705, 10068), "hampshire": (4919, 480), "kent": (14936, 863),
    "surrey": (5143, 428), "sussex": (17236, 897), "thames-valley": (16674, 1037),
    "avon-and-somerset": (11331, 1078), "devon-and-cornwall": (10974, 733),
    "dorset": (6310, 206), "gloucestershire": (1102, 102), "wiltshire": (2409, 255),
    "dyfed-powys": (3788, 299), "gwent": (7101, 218), "north-wales": (2007, 169),
    "south-wales": (20087, 764),
}
NATIONAL_2019_20 = (491984, 32058)
NATIONAL_POPULATION_2019 = 59_439_840  # ONS mid-2019 estimate, England and Wales
# Incidents involving a CED by its highest use, England and Wales 2019/20 (Table 13).
HIGHEST_USE_MIX = {
    "drawn": 7141, "aimed": 3110, "red_dot": 16809, "arced": 397, "drive_stun": 41,
    "fired": 3275, "angled_drive_stun": 18, "not_stated": 1267,
}
# fmt: on


def yearly_incidents(slug: str, population: int) -> tuple[float, float]:
    """The force's incidents in a year and the share of them involving a CED."""
    if slug in INCIDENTS_2019_20:
        incidents, ced = INCIDENTS_2019_20[slug]
        return float(incidents), ced / incidents
    incidents, ced = NATIONAL_2019_20
    return incidents * population / NATIONAL_POPULATION_2019, ced / incidents


def _gen_use_of_force(ctx: _Context, rng: np.random.Generator) -> dict:
    yearly, ced_share = yearly_incidents(ctx.slug, ctx.population)
    _, month = _month(ctx.period)
    incidents = int(rng.poisson(yearly / 12 * SEASON["violence"][month - 1]))
    with_ced = int(rng.binomial(incidents, ced_share))
    mix = np.array([HIGHEST_USE_MIX[use] for use in CED_HIGHEST_USES[1:]], dtype=float)
    by_use = rng.multinomial(with_ced, mix / mix.sum())
    counts = [incidents - with_ced, *by_use.tolist()]
    uses = list(CED_HIGHEST_USES)
    return {
        "force": [ctx.slug] * len(uses),
        "month": [ctx.period] * len(uses),
        "ced_highest_use": uses,
        "incidents": counts,
    }
