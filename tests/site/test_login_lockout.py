"""Repeated failed logins lock the account out, even for the right password."""

import pytest
from django.urls import reverse


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(
        "editor", password="correct horse battery", is_staff=True, is_superuser=True
    )


def login(client, password, username="editor"):
    return client.post(reverse("wagtailadmin_login"), {"username": username, "password": password})


def test_right_password_works_before_any_failure(client, editor):
    assert login(client, "correct horse battery").status_code == 302


def test_five_failures_lock_out_the_account(client, editor, settings):
    settings.LOGIN_FAILURE_LIMIT = 5
    for _ in range(5):
        response = login(client, "wrong")
        assert response.status_code == 200
    locked = login(client, "correct horse battery")
    assert locked.status_code == 200  # the form again, not a redirect into the admin
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_account(client, editor, django_user_model, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    django_user_model.objects.create_user(
        "other", password="another good one", is_staff=True, is_superuser=True
    )
    for _ in range(3):
        login(client, "wrong")
    assert login(client, "another good one", username="other").status_code == 302


def test_a_success_clears_earlier_failures(client, editor, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    login(client, "wrong")
    login(client, "wrong")
    assert login(client, "correct horse battery").status_code == 302
    client.logout()
    login(client, "wrong")
    login(client, "wrong")
    assert login(client, "correct horse battery").status_code == 302
