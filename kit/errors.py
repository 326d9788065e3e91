"""Errors whose message is meant for the person who asked."""

from django.http import Http404


class NamedNotFound(Http404):
    """A 404 that says what was not found (the API shows its message; other 404s say only
    "Not found.", since Django's name the model that was looked up)."""
