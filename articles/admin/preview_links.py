"""'Share preview link' on a story: create, list and revoke its preview links.

Open to the users who may edit the story; each creation and revocation is in
the story's history. A new link's address is shown once,
on the page that answers its creation: only its hash is kept
(``articles.models.embargoes``).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.pages.utils import get_breadcrumbs_items_for_page
from wagtail.log_actions import log

from ..models import ArticlePage, PreviewLink
from ..models.embargoes import embargo_moment


def shared_url(request, story, token):
    """The link's full address, on the story's own site."""
    path = reverse("articles:shared_story", args=[token])
    site = story.get_site()
    return site.root_url + path if site is not None else request.build_absolute_uri(path)


def link_data(link):
    return {"preview_link": link.pk, "expires_at": link.expires_at.isoformat()}


class PreviewLinksView(WagtailAdminTemplateMixin, TemplateView):
    """The story's preview links with their uses; POST makes a new one."""

    template_name = "articles/admin/preview_links.html"
    page_title = _("Preview links")
    header_icon = "link"
    http_method_names = ["get", "post"]

    def dispatch(self, request, page_id, *args, **kwargs):
        self.story = get_object_or_404(ArticlePage, pk=page_id)
        if not self.story.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        return super().dispatch(request, page_id, *args, **kwargs)

    def get_page_subtitle(self):
        return self.story.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return get_breadcrumbs_items_for_page(self.story, self.request.user) + [
            {"url": "", "label": self.page_title}
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        links = self.story.preview_links.with_use_counts().select_related("created_by")
        context.update(
            story=self.story,
            links=links,
            embargo=embargo_moment(self.story),
        )
        return context

    def post(self, request, page_id):
        link, token = PreviewLink.create_for(self.story, user=request.user)
        log(self.story, "newsroom.preview_link.create", user=request.user, data=link_data(link))
        # Answered here, not by a redirect: the address is never shown again.
        return self.render_to_response(
            self.get_context_data(new_link=link, new_url=shared_url(request, self.story, token))
        )


class RevokePreviewLinkView(PreviewLinksView):
    """POST: the link stops working at once."""

    http_method_names = ["post"]

    def post(self, request, page_id, link_id):
        link = get_object_or_404(PreviewLink, pk=link_id, story=self.story)
        link.revoke()
        log(self.story, "newsroom.preview_link.revoke", user=request.user, data=link_data(link))
        messages.success(request, _("The preview link was revoked: it no longer opens the story."))
        return redirect("newsroom_preview_links", self.story.pk)
