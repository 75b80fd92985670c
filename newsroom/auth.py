"""Login protection: django-axes, told who the client really is.

Failures are counted per (user name, client address) in the database
(``AXES_LOCKOUT_PARAMETERS`` in the settings), so five wrong passwords lock
that name *from that address* for ``AXES_COOLOFF_TIME``: someone elsewhere
cannot lock an editor out, an office behind one address does not lock itself
out, and the editor's right password from another address still works. The
counts live in the database, so nothing fails open, or with a 500, when the
cache is down.

Behind Varnish (and a TLS proxy) every request comes from 127.0.0.1; the
client is then the address the outermost of ``TRUSTED_PROXY_COUNT`` proxies
saw, read from the right of ``X-Forwarded-For``, where each proxy appends
what it saw. Entries to the left of those are the client's own to write and
are never believed.
"""

from django.conf import settings
from django.shortcuts import render


def client_ip(request):
    """The client's address, past ``settings.TRUSTED_PROXY_COUNT`` proxies."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    seen = [*forwarded, remote]
    # The last proxy is REMOTE_ADDR; each before it appended one entry.
    return seen[-(proxies + 1)] if len(seen) > proxies else seen[0]


def locked_out(request, original_response=None, credentials=None):
    """What a paused login sees: why, for how long, and that elsewhere still works."""
    cooloff = settings.AXES_COOLOFF_TIME
    minutes = max(1, round(cooloff.total_seconds() / 60))
    response = render(
        request, "newsroom/login_locked.html", {"cooloff_minutes": minutes}, status=429
    )
    response["Retry-After"] = str(int(cooloff.total_seconds()))
    return response
