"""Engage pages, by subject: cases (`cases`), PPOG meetings (`meetings`), and PEEL grades,
reports, recommendations and section 55 responses (`reports`), levels of support and
performance improvement plans (`support`); what their forms share is in `kit.forms`.
engage/urls.py imports the modules."""
