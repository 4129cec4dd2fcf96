"""An upload over the limit is thrown away in small reads, never held whole in memory.

Django, left to itself, reads the rest of a refused body line by line; a body with no line
breaks (a file of zeros) then came into memory in one piece. tracemalloc counts what Python
allocates while the request is parsed: a bound on memory, not on time.
"""

from __future__ import annotations

import io
import tracemalloc

from django.core.handlers.wsgi import WSGIRequest
from django.test.client import FakePayload

from casereviews.core import files

MB = 1024 * 1024


def _request(body: bytes, boundary: str) -> WSGIRequest:
    return WSGIRequest(
        {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": "/upload/",
            "CONTENT_TYPE": f"multipart/form-data; boundary={boundary}",
            "CONTENT_LENGTH": str(len(body)),
            "wsgi.input": FakePayload(body),
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "wsgi.url_scheme": "http",
        }
    )


def test_a_refused_body_of_zeros_is_not_read_into_memory_whole(settings):
    settings.MAX_UPLOAD_BYTES = 1 * MB
    boundary = "b0undary"
    body = io.BytesIO()
    body.write(
        f'--{boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhi\r\n'.encode()
    )
    body.write(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="z.xlsx"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
    )
    body.write(bytes(40 * MB))
    body.write(f"\r\n--{boundary}--\r\n".encode())
    request = _request(body.getvalue(), boundary)
    del body
    tracemalloc.start()
    try:
        message = files.upload_too_large(request)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert message == "The file is too big: the largest file accepted is 1 MB"
    assert request.POST["note"] == "hi"  # the fields before the file still arrive (CSRF token)
    assert "file" not in request.FILES
    assert peak < 4 * MB, f"parsing the refused upload allocated {peak / MB:.0f} MB"
