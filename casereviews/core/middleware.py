"""Response headers that every page needs and no view should have to remember."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

from casereviews.core.per_view import page_view_memo


class NoStoreForSignedInMiddleware:
    """Nothing shown to a signed-in user is kept by the browser or any cache on the way: a
    shared computer's back button or disk cache must not give a child's record to the next
    person. Static files never reach this middleware (WhiteNoise answers them first), so they
    stay cacheable."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        already = "no-store" in response.get("Cache-Control", "")
        if user is not None and user.is_authenticated and not already:
            # Cache-Control: max-age=0, no-cache, no-store, must-revalidate, private
            add_never_cache_headers(response)
        return response


class OncePerPageView:
    """A page asks each question of core.per_view once, however many panels and lists ask it
    (the user's hidden restricted reviews: core.scoping.hidden_review_ids). Only for GET and
    HEAD: a POST may change who is a member of a review and then read again. A streamed
    response's rows, read after this returns, ask the database again: correct, only not
    memoised."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in {"GET", "HEAD"}:
            return self.get_response(request)
        with page_view_memo():
            return self.get_response(request)
