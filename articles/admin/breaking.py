"""*Set as breaking news*: a story becomes its site's breaking-news banner in one step.

From the story's header or the page listing's *More* menu, an editor with the
banner permissions picks when the banner ends (two hours from now unless they
say otherwise) and the story replaces whatever banner the site had.
"""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.pages.utils import get_breadcrumbs_items_for_page

from .. import visibility
from ..models import ArticlePage, BreakingBanner
from ..models.breaking import DEFAULT_BANNER_DURATION

BANNER_PERMISSIONS = (
    "newsroom_articles.add_breakingbanner",
    "newsroom_articles.change_breakingbanner",
)
DURATIONS = [
    (30, _("30 minutes")),
    (60, _("1 hour")),
    (120, _("2 hours")),
    (240, _("4 hours")),
    (480, _("8 hours")),
    (1440, _("24 hours")),
]


def may_set_banner(user):
    return user.has_perms(BANNER_PERMISSIONS)


class SetBreakingNewsForm(forms.Form):
    duration = forms.TypedChoiceField(
        label=_("Show it for"),
        choices=DURATIONS,
        coerce=int,
        initial=int(DEFAULT_BANNER_DURATION.total_seconds() // 60),
    )
    ends_at = forms.DateTimeField(
        label=_("Or until"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("An exact time instead, in the site's time zone."),
    )

    def clean_ends_at(self):
        ends_at = self.cleaned_data.get("ends_at")
        if ends_at is not None and ends_at <= timezone.now():
            raise forms.ValidationError(_("The banner must end in the future."))
        return ends_at

    def expires_at(self):
        ends_at = self.cleaned_data.get("ends_at")
        if ends_at is not None:
            return ends_at
        return timezone.now() + timedelta(minutes=self.cleaned_data["duration"])


class SetBreakingNewsView(WagtailAdminTemplateMixin, FormView):
    """The one step: how long, then the story is on every page of its site."""

    form_class = SetBreakingNewsForm
    template_name = "articles/admin/set_breaking_news.html"
    page_title = _("Set as breaking news")
    header_icon = "warning"

    def dispatch(self, request, page_id):
        self.story = get_object_or_404(ArticlePage, pk=page_id)
        if not may_set_banner(request.user):
            raise PermissionDenied
        self.site = self.story.get_site()
        return super().dispatch(request, page_id)

    def get_page_subtitle(self):
        return self.story.title

    def get_breadcrumbs_items(self):
        return get_breadcrumbs_items_for_page(self.story, self.request.user) + [
            {"url": "", "label": self.page_title}
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["story"] = self.story
        context["readable"] = self.is_readable()
        context["current"] = (
            BreakingBanner.objects.filter(site=self.site).select_related("story").first()
            if self.site
            else None
        )
        return context

    def is_readable(self):
        return (
            self.site is not None
            and visibility.readable(ArticlePage.objects.filter(pk=self.story.pk)).exists()
        )

    def form_valid(self, form):
        if not self.is_readable():
            form.add_error(None, _("Only a published story readers can see can be breaking news."))
            return self.form_invalid(form)
        expires_at = form.expires_at()
        BreakingBanner.objects.update_or_create(
            site=self.site,
            defaults={"story": self.story, "text": "", "link_url": "", "expires_at": expires_at},
        )
        messages.success(
            self.request,
            _("'%(title)s' is the breaking news on every page until %(time)s.")
            % {
                "title": self.story.title,
                "time": timezone.localtime(expires_at).strftime("%Y-%m-%d %H:%M"),
            },
        )
        return redirect(self.success_url())

    def success_url(self):
        target = self.request.GET.get("next", "")
        if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={self.request.get_host()}
        ):
            return target
        return reverse("wagtailadmin_pages:edit", args=[self.story.pk])


class SetBreakingNewsButton(PageMenuItem):
    """'Set as breaking news' on a published story, for editors with the banner permissions."""

    label = _("Set as breaking news")
    icon_name = "warning"
    url_name = "newsroom_set_breaking"

    def is_shown(self, user):
        specific_class = self.page.specific_class
        return (
            specific_class is not None
            and issubclass(specific_class, ArticlePage)
            and self.page.live
            and may_set_banner(user)
        )
