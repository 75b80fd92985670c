from django.http import JsonResponse
from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html, json_script
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin.breaking import SetBreakingNewsButton, SetBreakingNewsView
from .admin.checks import tell_editor
from .admin.dashboard import add_desk_panels
from .admin.preview_links import PreviewLinksView, RevokePreviewLinkView
from .admin.userbar import use_newsroom_checker
from .models import ArticlePage, Author, BreakingBanner, SectionPage
from .ninjs import article_to_ninjs
from .ninjs.views import ImportWireCopyView


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = "Authors"
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "kind", "role", "user"]
    list_filter = ["kind"]
    search_fields = ["name", "role"]


register_snippet(AuthorViewSet)


class BreakingBannerViewSet(SnippetViewSet):
    """The sites' breaking-news banners: at most one per site, each gone at its end."""

    model = BreakingBanner
    icon = "warning"
    menu_label = _("Breaking news")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["__str__", "site", "expires_at"]


register_snippet(BreakingBannerViewSet)


@hooks.register("insert_editor_js")
def editor_js():
    # Counters (characters, words and reading time) and the Promote tab's previews,
    # with their texts in the editor's language.
    strings = {
        "characters": gettext_now("%(n)s / %(max)s characters"),
        "charactersNoMax": gettext_now("%(n)s characters"),
        "words": gettext_now("%(words)s words · about %(minutes)s min to read"),
        "oneWord": gettext_now("1 word · about %(minutes)s min to read"),
        "noWords": gettext_now("No words yet"),
        "wordsPerMinute": 238,
    }
    return format_html(
        '{}<script src="{}" defer></script><script src="{}" defer></script>',
        json_script(strings, "newsroom-admin-strings"),
        static("articles/js/admin-count.js"),
        static("articles/js/admin-promote.js"),
    )


@hooks.register("insert_global_admin_css")
def desk_css():
    # The dashboard's desk panels, the editor's counters and the Promote previews.
    return format_html('<link rel="stylesheet" href="{}">', static("articles/css/admin-desk.css"))


hooks.register("construct_homepage_panels", add_desk_panels)
hooks.register("construct_wagtail_userbar", use_newsroom_checker)
# After a save, what still stands between the story and its readers.
hooks.register("after_create_page", tell_editor)
hooks.register("after_edit_page", tell_editor)


@hooks.register("register_admin_urls")
def newsroom_admin_urls():
    return [
        path(
            "newsroom/import-ninjs/<int:section_id>/",
            ImportWireCopyView.as_view(),
            name="newsroom_import_ninjs",
        ),
        path(
            "newsroom/breaking/<int:page_id>/",
            SetBreakingNewsView.as_view(),
            name="newsroom_set_breaking",
        ),
        path(
            "newsroom/preview-links/<int:page_id>/",
            PreviewLinksView.as_view(),
            name="newsroom_preview_links",
        ),
        path(
            "newsroom/preview-links/<int:page_id>/revoke/<int:link_id>/",
            RevokePreviewLinkView.as_view(),
            name="newsroom_preview_link_revoke",
        ),
    ]


class ImportWireCopyButton(PageMenuItem):
    """'Import wire copy' on a section, for editors who may add stories to it."""

    label = _("Import wire copy")
    icon_name = "download"
    url_name = "newsroom_import_ninjs"

    def is_shown(self, user):
        specific_class = self.page.specific_class
        return (
            specific_class is not None
            and issubclass(specific_class, SectionPage)
            and self.page.permissions_for_user(user).can_add_subpage()
        )


@hooks.register("register_page_header_buttons")
def import_wire_copy_header_button(page, user, view_name, next_url=None):
    yield ImportWireCopyButton(page=page, priority=17)


@hooks.register("register_page_listing_more_buttons")
def import_wire_copy_listing_button(page, user, next_url=None):
    yield ImportWireCopyButton(page=page, priority=9)


@hooks.register("register_page_header_buttons")
def set_breaking_news_header_button(page, user, view_name, next_url=None):
    yield SetBreakingNewsButton(page=page, priority=18)


@hooks.register("register_page_listing_more_buttons")
def set_breaking_news_listing_button(page, user, next_url=None):
    yield SetBreakingNewsButton(page=page, priority=10, next_url=next_url)


class SharePreviewLinkButton(PageMenuItem):
    """'Share preview link' on a story, for users who may edit it (``admin.preview_links``)."""

    label = _("Share preview link")
    icon_name = "link"
    url_name = "newsroom_preview_links"

    def is_shown(self, user):
        specific_class = self.page.specific_class
        return (
            specific_class is not None
            and issubclass(specific_class, ArticlePage)
            and self.page.permissions_for_user(user).can_edit()
        )


@hooks.register("register_page_header_buttons")
def share_preview_link_header_button(page, user, view_name, next_url=None):
    yield SharePreviewLinkButton(page=page, priority=18)


@hooks.register("register_log_actions")
def preview_link_log_actions(actions):
    # In the story's history: who shared it early, and who took a link back.
    actions.register_action(
        "newsroom.preview_link.create", _("Create preview link"), _("Preview link created")
    )
    actions.register_action(
        "newsroom.preview_link.revoke", _("Revoke preview link"), _("Preview link revoked")
    )


# After Wagtail's own view-restriction check (order 0), so a private story's
# ninjs is refused as its page is.
@hooks.register("on_serve_page", order=1)
def serve_ninjs(serve):
    """``<story-url>?format=ninjs``: the published story as an IPTC ninjs 2.1 item."""

    def inner(page, request, args, kwargs):
        if isinstance(page, ArticlePage) and request.GET.get("format") == "ninjs":
            return JsonResponse(
                article_to_ninjs(page, request), json_dumps_params={"ensure_ascii": False}
            )
        return serve(page, request, args, kwargs)

    return inner
