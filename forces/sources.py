"""The page cache's source of the figures: the forces' reference data and every figure
computed over it (observations, assessments). Pages over the figures rest on it; the forces,
metrics and oversight apps write it."""

from kit.pagecache import Source

FIGURES = Source("figures")
