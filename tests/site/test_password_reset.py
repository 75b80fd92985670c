"""Password reset: honest when the site cannot send mail, working and rate-limited when it can."""

import logging

import pytest
from django.core import mail
from django.urls import reverse

URL = "/admin/password_reset/"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(
        "editor", email="editor@newsroom.example", password="correct horse battery", is_staff=True
    )


@pytest.fixture
def mail_set_up(settings):
    settings.MAIL_CONFIGURED = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return settings


def ask(client, email, address="203.0.113.5"):
    return client.post(URL, {"email": email}, REMOTE_ADDR=address)


def test_without_mail_the_page_says_so_and_sends_nothing(client, editor, settings, caplog):
    settings.MAIL_CONFIGURED = False
    caplog.set_level(logging.WARNING)
    page = client.get(URL)
    assert page.status_code == 200
    assert "Password reset is not available" in page.content.decode()
    assert "administrator" in page.content.decode()
    response = ask(client, editor.email)
    assert response.status_code == 200 and "cannot send email" in response.content.decode()
    assert mail.outbox == []
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]


def test_the_reference_site_sends_no_mail_without_mail_settings():
    from django.conf import settings

    # The test run itself has no EMAIL_HOST: nothing would be sent anywhere.
    assert settings.MAIL_CONFIGURED is False


def test_with_mail_a_reset_link_is_mailed(client, editor, mail_set_up):
    assert "Forgotten password" in client.get(reverse("wagtailadmin_login")).content.decode()
    response = ask(client, editor.email)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_password_reset_done")
    (message,) = mail.outbox
    assert message.to == [editor.email] and "/admin/password_reset/confirm/" in message.body


def test_an_unknown_address_looks_the_same_and_mails_nobody(client, editor, mail_set_up):
    response = ask(client, "nobody@example.org")
    assert response.status_code == 302
    assert mail.outbox == []


def test_requests_for_one_address_are_limited(client, editor, mail_set_up):
    for _ in range(3):
        assert ask(client, editor.email).status_code == 302
    # From another client too: the limit protects the inbox, not the sender.
    limited = ask(client, editor.email.upper(), address="198.51.100.7")
    assert limited.status_code == 429
    assert "Too many password reset requests" in limited.content.decode()
    assert len(mail.outbox) == 3


def test_requests_from_one_client_are_limited(client, editor, mail_set_up):
    for n in range(10):
        assert ask(client, f"someone{n}@example.org").status_code == 302
    assert ask(client, editor.email).status_code == 429
    assert mail.outbox == []
    assert ask(client, editor.email, address="198.51.100.7").status_code == 302


def test_with_the_cache_down_a_reset_still_works(client, editor, mail_set_up):
    mail_set_up.CACHES = {
        **mail_set_up.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
    }
    assert ask(client, editor.email).status_code == 302
    assert len(mail.outbox) == 1
