"""The municipality-wide view (Hela kommunkoncernen): activities, budget and approved outcome
of a document and every plan below it, per focus area, body, document, status and year —
the same figures on the web page, in the API and in the XLSX download.

`selectors` reads and sums, `forms` parses the page's GET filters, `xlsx` writes the workbook.
"""

from .selectors import ConcernFilters, concern_overview

__all__ = ["ConcernFilters", "concern_overview"]
