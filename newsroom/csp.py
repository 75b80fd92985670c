"""django-csp's middleware, building the site's policy once instead of per response.

django-csp builds both headers from the settings for every response: about
0.4 ms, more than half of what serving a page from the reader cache costs.
When no view decorator changed the policy and no nonce was asked for, the
headers are the settings' own, so they are built once per process (and again
if the settings change, as tests do).
"""

from csp.middleware import HEADER, HEADER_REPORT_ONLY, CheckableLazyObject
from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

_built = {}


@receiver(setting_changed)
def _forget_policies(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _built.clear()


class CSPMiddleware(BaseCSPMiddleware):
    def process_response(self, request, response):
        parts = [self.get_policy_parts(request, response, report_only=ro) for ro in (False, True)]
        customised = any(part.config or part.update or part.replace or part.nonce for part in parts)
        if customised or (response.status_code >= 400 and settings.DEBUG):
            return super().process_response(request, response)
        for report_only, header, setting in (
            (False, HEADER, "CONTENT_SECURITY_POLICY"),
            (True, HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
        ):
            if report_only not in _built:
                _built[report_only] = build_policy(report_only=report_only)
            policy = _built[report_only]
            exempt = getattr(response, "_csp_exempt_ro" if report_only else "_csp_exempt", False)
            prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            if (
                policy
                and header not in response
                and exempt is False
                and not request.path_info.startswith(tuple(prefixes))
            ):
                response[header] = policy
        # As django-csp does: a nonce asked for after the header is written is an error.
        if getattr(request, "_csp_nonce", None) is None:
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
