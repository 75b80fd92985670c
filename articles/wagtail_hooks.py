from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Author


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = "Authors"
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "kind", "role"]
    list_filter = ["kind"]
    search_fields = ["name", "role"]


register_snippet(AuthorViewSet)


@hooks.register("insert_editor_js")
def editor_js():
    # Counts headline and summary characters as the journalist types.
    return format_html('<script src="{}" defer></script>', static("articles/js/admin-count.js"))
