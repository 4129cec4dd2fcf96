from __future__ import annotations

from rest_framework.pagination import CursorPagination


class ById(CursorPagination):
    """Cursor pagination by id: stable while records are added, and no count query."""

    ordering = "id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
