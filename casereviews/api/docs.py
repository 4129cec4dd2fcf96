"""The browsable documentation: Swagger UI from the drf-spectacular-sidecar package's own static
files (no CDN: the CSP allows our own scripts only), its start-up script a separate file."""

from __future__ import annotations

from drf_spectacular.views import SpectacularSwaggerSplitView

from .authentication import SessionAuthentication


class Docs(SpectacularSwaggerSplitView):
    template_name = "api/docs.html"
    title = "Case reviews API"
    authentication_classes = [SessionAuthentication]
