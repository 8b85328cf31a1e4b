"""A printable page as a PDF: pure Python around WeasyPrint, no Flask, no database.

The page is the same HTML that the browser prints, with its print stylesheet (static/print.css,
`@page { size: A4 }`), so the PDF and the browser's print are one layout. WeasyPrint is imported
on first use: it needs Debian's Pango (libpango-1.0-0, libpangoft2-1.0-0), and the app runs
without it, saying why there is no PDF (PdfUnavailable) instead of failing.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

# A resource of the page (a stylesheet, the chart) by URL: its bytes and MIME type, or None.
Fetch = Callable[[str], "tuple[bytes, str] | None"]


class PdfUnavailable(RuntimeError):
    """WeasyPrint or the system libraries it needs are not installed; the message says which."""


@functools.cache
def import_weasyprint() -> tuple[object | None, str | None]:
    """(the weasyprint module, None), or (None, why it cannot be imported); tried once."""
    try:
        # Heavy, and optional: imported on first use, not with the app.
        import weasyprint
    except ImportError as exc:
        return None, f"the Python package WeasyPrint is not installed ({exc})"
    except OSError as exc:  # the package is there, a library it loads (Pango) is not
        return None, f"a system library WeasyPrint needs is missing ({exc})"
    return weasyprint, None


def load_weasyprint():
    """The weasyprint module; PdfUnavailable, saying why, when it cannot be imported."""
    module, reason = import_weasyprint()
    if module is None:
        raise PdfUnavailable(reason)
    return module


def html_to_pdf(html: str, base_url: str, fetch: Fetch) -> bytes:
    """The HTML page as PDF bytes, printed (media "print"); its resources come from fetch only.

    Nothing is read from the network or the disk but through fetch (and data: URLs): a URL it
    does not know (None) is left out of the page, as a browser leaves out a missing image.
    """
    weasyprint = load_weasyprint()
    document = weasyprint.HTML(
        string=html,
        base_url=base_url,
        url_fetcher=own_resources_fetcher(weasyprint, fetch),
        media_type="print",
    )
    return document.write_pdf()


def own_resources_fetcher(weasyprint, fetch: Fetch):
    """A WeasyPrint URL fetcher (WeasyPrint 70's class) that asks fetch, and nothing else."""
    urls = weasyprint.urls

    class OwnResources(urls.URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            found = fetch(url)
            if found is None:
                raise ValueError(f"not a resource of this page: {url}")
            content, mime_type = found
            return urls.URLFetcherResponse(url, content, {"Content-Type": mime_type})

    return OwnResources(allowed_protocols=("data",), allow_redirects=False)
