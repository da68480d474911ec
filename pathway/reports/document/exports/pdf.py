"""PDF: WeasyPrint lays out the same HTML document the print view uses.

Nothing is fetched while rendering: styles and charts are inline, and the fetcher accepts
only ``data:`` URLs, so a report never calls another host.
"""

from __future__ import annotations


def report_pdf(html: str) -> bytes:
    from weasyprint import HTML, URLFetcher  # imported here: it loads Pango on first use

    fetcher = URLFetcher(allowed_protocols=["data"])
    return HTML(string=html, url_fetcher=fetcher).write_pdf()
