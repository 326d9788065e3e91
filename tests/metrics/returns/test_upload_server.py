"""An upload through a real development server (wsgiref, as under `make demo`), which refuses
any response header that is not a plain str."""

import http.client
import uuid
from urllib.parse import urlsplit

import pytest

from accounts.services import token_create
from metrics.models import Return
from tests.metrics.conftest import emergency_calls_file

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _multipart(fields: dict[str, str], file_bytes: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="calls.csv"\r\n'
        f"Content-Type: text/csv\r\n\r\n".encode()
        + file_bytes
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def test_upload_to_the_development_server_is_accepted_with_202(live_server, officer_a, settings):
    settings.PROCESS_RETURNS_ON_RECEIPT = True
    _, token = token_create(user=officer_a)
    body, content_type = _multipart(
        {"dataset": "emergency_calls", "period": "2024-03"}, emergency_calls_file()
    )
    url = urlsplit(live_server.url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    connection.request(
        "POST",
        "/api/v1/returns/",
        body=body,
        headers={"Authorization": f"Token {token}", "Content-Type": content_type},
    )
    response = connection.getresponse()
    text = response.read().decode()
    assert response.status == 202, text
    ret = Return.objects.get()
    assert response.getheader("Location").endswith(f"/api/v1/returns/{ret.pk}/")
    assert ret.status == Return.Status.LOADED  # processed on receipt, as in the demo


def test_every_response_header_of_an_upload_is_a_plain_str(api_as, officer_a):
    from tests.metrics.conftest import upload

    response = upload(api_as(officer_a), emergency_calls_file())
    assert response.status_code == 202
    assert all(type(value) is str for value in response.headers.values())
