"""The page cache's source of the Engage record."""

from kit.pagecache import Source

ENGAGE = Source("engage")
