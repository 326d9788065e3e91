"""Every dynamic response is private and unstored, and no server names its Python."""

import threading
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest
import requests
from django.core.wsgi import get_wsgi_application

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/returns/", "/metrics/"])
def test_pages_are_private_and_not_stored(client, analyst, path):
    client.force_login(analyst)
    response = client.get(path)
    assert response.status_code == 200
    assert {"private", "no-store"} <= set(response["Cache-Control"].replace(" ", "").split(","))


def test_api_responses_are_private_and_not_stored(api_as, analyst):
    response = api_as(analyst).get("/api/v1/datasets/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_a_download_keeps_its_own_cache_control(client, analyst):
    # Set by the view, not overwritten.
    client.force_login(analyst)
    response = client.get("/flags/?format=csv")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def test_the_server_header_does_not_name_python():
    # runserver (the demo) is wsgiref's server, which otherwise says "WSGIServer/0.2 CPython/3.x".
    server = make_server("127.0.0.1", 0, get_wsgi_application(), handler_class=_Quiet)
    thread = threading.Thread(target=server.handle_request, daemon=True)
    thread.start()
    try:
        response = requests.get(f"http://127.0.0.1:{server.server_port}/health/", timeout=10)
    finally:
        thread.join(timeout=10)
        server.server_close()
    assert "python" not in response.headers["Server"].lower()
    assert response.headers["Server"] == "force-performance-oversight"
