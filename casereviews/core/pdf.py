"""HTML to PDF with WeasyPrint, fetching nothing but our own static files and `data:` URLs.

A briefing or newsletter is text people wrote; an <img src="http://..."> or a stylesheet URL in
it must not make the server fetch anything. The fetcher below (a URLFetcher subclass, as
WeasyPrint >= 68 wants) answers only `data:` URLs and files the static files finders find under
STATIC_URL; everything else is refused.
"""

from __future__ import annotations

import base64
import mimetypes
from urllib.parse import unquote, unquote_to_bytes, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders

# Any base URL will do: relative links in the HTML resolve against it and reach the fetcher.
BASE_URL = "https://casereviews.invalid/"


class RefusedURL(ValueError):
    pass


def _data_url(url: str) -> tuple[bytes, str]:
    header, _, payload = url[len("data:") :].partition(",")
    parts = header.split(";")
    mime_type = parts[0] or "text/plain"
    if "base64" in parts[1:]:
        return base64.b64decode(payload), mime_type
    return unquote_to_bytes(payload), mime_type


def _static_file(url: str) -> tuple[bytes, str]:
    path = unquote(urlsplit(url).path)
    if not path.startswith(settings.STATIC_URL):
        raise RefusedURL(url)
    relative = path[len(settings.STATIC_URL) :]
    if ".." in relative.split("/"):
        raise RefusedURL(url)
    found = finders.find(relative)
    if not found:
        raise RefusedURL(url)
    mime_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
    with open(found, "rb") as handle:
        return handle.read(), mime_type


def fetch_allowed(url: str) -> tuple[bytes, str]:
    """The bytes and type of a data: URL or one of our static files; anything else raises."""
    if url.startswith("data:"):
        return _data_url(url)
    if url.startswith(BASE_URL):
        return _static_file(url)
    raise RefusedURL(url)


def _fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class SafeURLFetcher(URLFetcher):
        """Never opens a network connection or a file outside the static files."""

        def fetch(self, url, headers=None):
            body, mime_type = fetch_allowed(url)
            return URLFetcherResponse(url, body, {"Content-Type": mime_type})

    return SafeURLFetcher(allowed_protocols=set(), allow_redirects=False)


def render_pdf(html: str) -> bytes:
    """The PDF of an HTML document (a whole page, with its own <style> or /static/ links)."""
    import weasyprint  # imported here: it is slow to import and only documents need it

    document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=_fetcher())
    return document.write_pdf()
