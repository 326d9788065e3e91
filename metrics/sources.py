"""The page cache's source of the returns: sent, validated and loaded through the day."""

from kit.pagecache import Source

RETURNS = Source("returns")
