"""An admin session over HTTP, for tests that drive a server in another process."""

import io
import json
import random
import threading
import urllib.error
import urllib.request
from http.cookiejar import CookieJar

from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from PIL import Image


class Response:
    def __init__(self, method, path, status, body):
        self.method, self.path, self.status, self.body = method, path, status, body

    def json(self):
        return json.loads(self.body)


class AdminSession:
    """One browser: one cookie jar, any number of requests at once, each recorded."""

    def __init__(self, base_url):
        self.base_url = base_url
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect()
        )
        self.responses = []
        self._lock = threading.Lock()

    def csrf_token(self):
        return next(c.value for c in self.cookies if c.name == "csrftoken")

    def request(self, method, path, data=None, accept="text/html"):
        headers = {"Accept": accept}
        body = None
        if method == "POST":
            headers["X-CSRFToken"] = self.csrf_token()
            headers["Content-Type"] = MULTIPART_CONTENT
            body = encode_multipart(BOUNDARY, data or {})
        request = urllib.request.Request(  # noqa: S310 (http://127.0.0.1 only)
            self.base_url + path, data=body, headers=headers, method=method
        )
        try:
            with self.opener.open(request, timeout=120) as answer:
                status, content = answer.status, answer.read()
        except urllib.error.HTTPError as error:
            status, content = error.code, error.read()
        response = Response(method, path, status, content.decode(errors="replace"))
        with self._lock:
            self.responses.append(response)
        return response

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, data, **kwargs):
        return self.request("POST", path, data, **kwargs)

    def log_in(self, username, password):
        self.get("/admin/login/")
        answer = self.post("/admin/login/", {"username": username, "password": password})
        assert answer.status == 302, answer.body[:500]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is the answer (a saved form's 302), not something to follow."""

    def redirect_request(self, *args, **kwargs):
        return None


def photo_file(name, size=(1600, 1200)):
    """A JPEG that compresses like a photo: a gradient under noise."""
    gradient = Image.linear_gradient("L").resize(size).convert("RGB")
    noise = Image.effect_noise(size, random.uniform(20, 60)).convert("RGB")
    picture = Image.blend(gradient, noise, 0.4)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    buffer.seek(0)
    buffer.name = name
    return buffer
