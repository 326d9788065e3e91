"""Helpers that know no app: the bottom floor, imported by every app and importing none."""
