"""The page cache's source of the flags: raised each night, triaged by the unit."""

from kit.pagecache import Source

FLAGS = Source("flags")
