"""HTML → PDF with WeasyPrint, using the same templates and stylesheets as the browser's print view.

WeasyPrint renders with the `print` media type, so app.css plus the `media="print"` stylesheets apply
exactly as when printing from a browser (navigation, forms and `.no-print` are hidden by print.css).
Stylesheets and images are read from the static files (finders while developing, STATIC_ROOT in
production) by a URL fetcher that refuses everything else, so rendering never goes to the network.
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header

# WeasyPrint logs every rendering step at INFO; keep its warnings (e.g. unsupported CSS) only.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def static_file_path(url: str) -> Path | None:
    """The local file behind a static URL (absolute or relative to the site), or None."""
    path = unquote(urlsplit(url).path)
    prefix = "/" + urlsplit(settings.STATIC_URL).path.lstrip("/")
    if not path.startswith(prefix):
        return None
    relative = path[len(prefix) :]
    if not relative or ".." in Path(relative).parts:
        return None
    found = finders.find(relative)
    if found:
        return Path(found)
    collected = Path(settings.STATIC_ROOT) / relative
    return collected if collected.is_file() else None


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        """Serves the site's static files from disk; refuses any other URL (no network, no file:)."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = static_file_path(url)
            if path is None:
                raise ValueError(f"Not a static file: {url}")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})

    return StaticOnlyFetcher


def html_to_pdf(html: str, *, base_url: str) -> bytes:
    import weasyprint  # imported late: its system libraries are needed only here

    fetcher = _fetcher_class()()
    return weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf()


def pdf_response(request: HttpRequest, html: str, filename: str) -> HttpResponse:
    pdf = html_to_pdf(html, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
