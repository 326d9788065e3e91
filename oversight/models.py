"""The oversight app's models: flags and the nightly runs that raise them."""

from oversight.flags.models import Flag, FlagComment, NightlyRun

__all__ = ["Flag", "FlagComment", "NightlyRun"]
