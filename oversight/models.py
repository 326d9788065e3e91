"""The oversight app's models: flags, the nightly runs that raise them, and the assessments
they store."""

from oversight.assessments.models import Assessment
from oversight.flags.models import Flag, FlagComment, NightlyRun

__all__ = ["Assessment", "Flag", "FlagComment", "NightlyRun"]
