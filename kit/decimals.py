"""Django's floatformat, as its filter writes a figure, at a fraction of its cost.

The filter rounds a float half up from its shortest decimal form (Decimal(repr(x))) and then
localises the text, some 20 microseconds a call; a force's metric table writes several hundred
figures, and the overview several hundred more. For a finite float and up to six decimal places
in English, which writes a decimal point, with thousands not grouped (USE_THOUSAND_SEPARATOR off,
as here), the text is worked out directly; anything else goes to the filter itself.
tests/test_decimals.py holds the two to the same text.
"""

import math
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.template import defaultfilters
from django.utils.safestring import SafeString

# Between these a float's shortest form fits Decimal's default precision, and is not so long
# that the filter writes it as it is (over 200 digits and exponent).
SMALLEST, LARGEST = 1e-100, 1e15
STEPS = [Decimal(1).scaleb(-places) for places in range(7)]


def floatformat(value, places=-1) -> SafeString | str:
    """What `value|floatformat:places` writes."""
    if (
        type(value) is not float
        or type(places) is not int
        or not 0 <= places < len(STEPS)
        or not math.isfinite(value)
        or not (SMALLEST <= abs(value) < LARGEST or value == 0)
        or settings.USE_THOUSAND_SEPARATOR
    ):
        return defaultfilters.floatformat(value, places)
    rounded = Decimal(repr(value)).quantize(STEPS[places], ROUND_HALF_UP)
    text = f"{rounded:f}"
    return SafeString(text[1:] if text[0] == "-" and not rounded else text)  # never "-0.0"
