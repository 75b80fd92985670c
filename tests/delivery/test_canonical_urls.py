"""One URL per page: another form of the host or of the path is redirected to the one
the page's Site gives, so no cache keeps a copy a purge would not reach."""

import pytest
from django.test import RequestFactory

from articles.delivery.sites import canonical_url


@pytest.fixture
def canonical(settings, story):
    settings.ALLOWED_HOSTS = ["*"]
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE[
            : settings.MIDDLEWARE.index("django.middleware.common.CommonMiddleware") + 1
        ],
        "articles.middleware.CanonicalURLMiddleware",
        *settings.MIDDLEWARE[
            settings.MIDDLEWARE.index("django.middleware.common.CommonMiddleware") + 1 :
        ],
    ]
    return story


@pytest.mark.parametrize(
    "host", ["TESTSERVER", "testserver.", "testserver:443", "localhost", "127.0.0.1:6666"]
)
def test_another_form_of_the_host_is_redirected(client, canonical, host):
    response = client.get(canonical.url + "?page=1", HTTP_HOST=host)
    assert response.status_code == 301
    assert response["Location"] == f"http://testserver{canonical.url}?page=1"


def test_the_sites_own_host_is_served(client, canonical):
    assert client.get(canonical.url).status_code == 200
    assert client.get(canonical.url, HTTP_HOST="testserver:80").status_code == 200


def test_a_path_spelt_with_needless_escapes_is_redirected(client, canonical):
    raw = canonical.url.replace("/turkey/", "/%74urkey/")
    response = client.get(canonical.url, RAW_URI=raw)  # as gunicorn reports the raw path
    assert response.status_code == 301
    assert response["Location"] == f"http://testserver{canonical.url}"
    assert client.get(canonical.url, RAW_URI=canonical.url).status_code == 200


def test_the_admin_is_left_alone(client, canonical):
    assert client.get("/admin/login/", HTTP_HOST="localhost").status_code == 200


def test_unicode_paths_are_canonical_in_their_encoded_form():
    from wagtail.models import Site

    request = RequestFactory().get("/news/türkiye/", HTTP_HOST="testserver")
    request._wagtail_site = Site(hostname="testserver", port=80)
    request.META["RAW_URI"] = "/news/t%C3%BCrkiye/"
    assert canonical_url(request) is None
    request.META["RAW_URI"] = "/news/t%c3%bcrkiye/"
    assert canonical_url(request) == "http://testserver/news/t%C3%BCrkiye/"
