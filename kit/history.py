"""Saving a model that django-simple-history follows, with its history naming who made the
change and why: the apps' services save through it."""


def tracked_save(obj, *, user, reason: str = "", **kwargs) -> None:
    """Save with the history naming who made the change and why."""
    obj._history_user = user if user is not None and user.pk else None
    obj._change_reason = reason[:100] if reason else None
    obj.save(**kwargs)
