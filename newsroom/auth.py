"""Login lockout: repeated failed logins lock the account name and the address.

After ``LOGIN_FAILURE_LIMIT`` failures within ``LOGIN_LOCKOUT_SECONDS`` for
one username (or four times that from one address), further attempts are
refused, even with the right password, until the window has passed. Counts
live in the shared cache, so every app process sees them.
"""

import hashlib

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver


def _limit():
    return getattr(settings, "LOGIN_FAILURE_LIMIT", 5)


def _window():
    return getattr(settings, "LOGIN_LOCKOUT_SECONDS", 15 * 60)


def _client_ip(request):
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""


def _keys(username, request):
    name = hashlib.sha256((username or "").lower().encode()).hexdigest()[:32]
    return f"newsroom:login:user:{name}", f"newsroom:login:ip:{_client_ip(request)}"


def is_locked_out(username, request):
    user_key, ip_key = _keys(username, request)
    counts = cache.get_many([user_key, ip_key])
    return counts.get(user_key, 0) >= _limit() or counts.get(ip_key, 0) >= 4 * _limit()


class LockoutModelBackend(ModelBackend):
    """Django's own backend, refusing while a name or address is locked out."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(self._username_field())
        if is_locked_out(username, request):
            # Stops every backend: not even the right password gets through.
            raise PermissionDenied("Too many failed logins")
        return super().authenticate(request, username=username, password=password, **kwargs)

    @staticmethod
    def _username_field():
        from django.contrib.auth import get_user_model

        return get_user_model().USERNAME_FIELD


@receiver(user_login_failed)
def count_failure(sender, credentials, request=None, **kwargs):
    for key in _keys(credentials.get("username"), request):
        if not cache.add(key, 1, _window()):
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, _window())


@receiver(user_logged_in)
def forget_failures(sender, request, user, **kwargs):
    cache.delete(_keys(user.get_username(), request)[0])
