"""Password reset: only where mail is set up, and rate-limited.

Without mail settings (``EMAIL_HOST`` or ``EMAIL_BACKEND`` in the
environment) the reset page says plainly that it is unavailable and who can
help, rather than claiming to have sent a mail and logging a failure per
request. With them, Wagtail's own reset views run behind a limit on the
requests per client address and per email address: each one mails a person,
so it must not be a way to flood an inbox or probe for accounts.
"""

from django.conf import settings
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.admin.views.account import PasswordResetView

from articles.delivery.searches import over_limit

from .auth import client_ip


class LimitedPasswordResetView(PasswordResetView):
    def dispatch(self, request, *args, **kwargs):
        if not settings.MAIL_CONFIGURED:
            return TemplateResponse(request, "newsroom/password_reset_unavailable.html")
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        per_address, per_email, window = settings.PASSWORD_RESET_LIMITS
        email = request.POST.get("email", "").strip().casefold()
        limited = over_limit("password-reset-ip", client_ip(request), per_address, window)
        if email:
            limited = over_limit("password-reset-email", email, per_email, window) or limited
        if limited:
            form = self.get_form()
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Too many password reset requests from here or for this address. "
                    "Try again in an hour, or ask an administrator to reset your password."
                ),
            )
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().post(request, *args, **kwargs)
