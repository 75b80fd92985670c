"""Admin previews: framed by the admin, never cached, never taken for a reader's page.

Wagtail renders a preview by sending a dummy request for the page's own URL
through the whole middleware stack (``PreviewableMixin.make_preview_request``),
so a preview gets a reader page's headers. A site that refuses framing
(``frame-ancestors 'none'``, ``X-Frame-Options: DENY``) then refuses the
editor's side panel too: "refused to connect". ``PreviewMixin`` marks the
preview response itself, from inside the stack:

- django-csp's per-response replacement (``_csp_replace``, what its
  ``@csp_replace`` decorator sets) makes ``frame-ancestors 'self'``, so the
  host's own policy is kept and only the admin's origin may frame it (the
  iframe's address is the admin's, ``/admin/pages/<id>/edit/preview/``);
- ``X-Frame-Options: SAMEORIGIN``, which Django's ``XFrameOptionsMiddleware``
  leaves alone once a response has it;
- ``Cache-Control: no-store``: a draft is for the editor who asked.

Reader requests never reach ``serve_preview``, so reader pages keep the
host's policy exactly.
"""

from django.utils.cache import add_never_cache_headers

FRAME_ANCESTORS = {"frame-ancestors": ["'self'"]}


def is_preview(request):
    """Whether ``request`` is Wagtail's dummy request for a preview (or a draft view)."""
    return bool(getattr(request, "is_preview", False) or getattr(request, "is_dummy", False))


def frameable_by_admin(response):
    """Let pages of the same origin (the admin) frame ``response``, and nobody keep it."""
    for attribute in ("_csp_replace", "_csp_replace_ro"):
        replaced = getattr(response, attribute, None) or {}
        setattr(response, attribute, {**replaced, **FRAME_ANCESTORS})
    response["X-Frame-Options"] = "SAMEORIGIN"
    add_never_cache_headers(response)
    return response


class PreviewMixin:
    """For page models: their previews show in the admin's side panel, whatever the site's
    policy for reader pages (see the module docstring)."""

    def serve_preview(self, request, mode_name):
        return frameable_by_admin(super().serve_preview(request, mode_name))
