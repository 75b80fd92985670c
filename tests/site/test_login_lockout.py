"""Login protection (django-axes, newsroom/auth.py): failures lock a user name only
from the address they came from, so nobody can lock an editor out from elsewhere,
and nothing depends on the cache being up."""

from datetime import timedelta

import pytest
from django.core.cache import caches
from django.test import RequestFactory
from django.urls import reverse

from newsroom.auth import client_ip

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def protection(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    settings.TRUSTED_PROXY_COUNT = 0
    return settings


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(
        "editor", password=PASSWORD, is_staff=True, is_superuser=True
    )


def login(client, password, username="editor", address="203.0.113.5", forwarded=None):
    extra = {"REMOTE_ADDR": address}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(
        reverse("wagtailadmin_login"), {"username": username, "password": password}, **extra
    )


def fail(client, times, **kwargs):
    for _ in range(times):
        response = login(client, "wrong", **kwargs)
        assert response.status_code in (200, 429)


def test_right_password_works_before_any_failure(client, editor):
    assert login(client, PASSWORD).status_code == 302


def test_five_failures_pause_that_name_from_that_address_with_a_plain_message(client, editor):
    for _ in range(4):
        response = login(client, "wrong")
        assert response.status_code == 200  # the form again, with Wagtail's message
    locked = login(client, "wrong")
    assert locked.status_code == 429
    assert login(client, PASSWORD).status_code == 429  # even the right password, from here
    assert "_auth_user_id" not in client.session
    text = locked.content.decode()
    assert "Too many failed logins" in text and "15 minutes" in text
    assert "other addresses" in text
    assert locked["Retry-After"] == "900"


def test_the_right_password_from_another_address_still_works(client, editor):
    fail(client, 10, address="198.51.100.66")  # someone else, elsewhere
    assert login(client, PASSWORD, address="203.0.113.5").status_code == 302


def test_failures_for_one_name_do_not_pause_another_at_that_address(
    client, editor, django_user_model
):
    django_user_model.objects.create_user("other", password="another good one", is_staff=True)
    fail(client, 10)
    assert login(client, "another good one", username="other").status_code == 302


def test_case_variants_of_a_name_do_not_count_against_it(client, editor):
    for variant in ("EdItOr", "EDITOR", "Editor", "editoR", "eDITOR", "EditoR"):
        login(client, "wrong", username=variant)
    assert login(client, PASSWORD).status_code == 302


def test_a_success_clears_earlier_failures(client, editor):
    fail(client, 4)
    assert login(client, PASSWORD).status_code == 302
    client.logout()
    fail(client, 4)
    assert login(client, PASSWORD).status_code == 302


def test_the_pause_ends_after_the_cooloff(client, editor, protection):
    fail(client, 5)
    assert login(client, PASSWORD).status_code == 429
    protection.AXES_COOLOFF_TIME = timedelta(seconds=0)
    assert login(client, PASSWORD).status_code == 302


def test_behind_varnish_each_client_is_told_apart(client, editor, protection):
    """Every request reaches the app from 127.0.0.1; Varnish appends the client."""
    protection.TRUSTED_PROXY_COUNT = 1
    # An attacker fails from 198.51.100.66, and claims to be the editor's address.
    fail(client, 10, address="127.0.0.1", forwarded="203.0.113.5, 198.51.100.66")
    assert login(client, PASSWORD, address="127.0.0.1", forwarded="203.0.113.5").status_code == 302


@pytest.mark.parametrize(
    "proxies, remote, forwarded, client_address",
    [
        (0, "203.0.113.5", "1.2.3.4", "203.0.113.5"),  # no proxy: the header is the client's
        (1, "127.0.0.1", "203.0.113.5", "203.0.113.5"),  # Varnish
        (1, "127.0.0.1", "6.6.6.6, 203.0.113.5", "203.0.113.5"),  # a forged entry, ignored
        (2, "127.0.0.1", "6.6.6.6, 203.0.113.5, 127.0.0.1", "203.0.113.5"),  # TLS + Varnish
        (1, "127.0.0.1", "", "127.0.0.1"),  # no header: the proxy is all we know
        (2, "127.0.0.1", "203.0.113.5", "203.0.113.5"),  # fewer entries than proxies
    ],
)
def test_the_client_address_past_trusted_proxies(
    protection, proxies, remote, forwarded, client_address
):
    protection.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == client_address


def test_a_failed_login_with_the_cache_down_is_no_500(client, editor, settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
    }
    with pytest.raises(Exception, match="(?i)connect"):
        caches["default"].get("probe")  # really down
    fail(client, 5)
    assert login(client, PASSWORD).status_code == 429  # still counted, in the database
