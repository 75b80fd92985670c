"""The newsroom's rules for Wagtail's content checker (the userbar's and the editor's
Checks panel), which runs Axe on the rendered story, preview included.

Axe's checks are JavaScript; a rule added from Python can only reuse one of
Axe's built-in evaluations with options. "The story has a byline" is one
(``has-descendant`` on the byline's markup, ``articles/includes/byline.html``).
Lengths and photo sizes are not: the editor's counters and the checks before
publishing (``articles.admin.checks``) tell about those.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.userbar import AccessibilityItem, ContentCheckerItem

BYLINE_RULE = "newsroom-byline"


class NewsroomContentChecker(ContentCheckerItem):
    axe_run_only = [*ContentCheckerItem.axe_run_only, BYLINE_RULE]
    axe_custom_rules = [
        *ContentCheckerItem.axe_custom_rules,
        {
            "id": BYLINE_RULE,
            "impact": "serious",
            "selector": ".article__header",
            "tags": ["newsroom"],
            "any": ["newsroom-has-byline"],
            "enabled": True,
        },
    ]
    axe_custom_checks = [
        *ContentCheckerItem.axe_custom_checks,
        {
            "id": "newsroom-has-byline",
            "evaluate": "has-descendant-evaluate",
            "options": {"selector": ".byline__name"},
        },
    ]
    axe_messages = {
        **ContentCheckerItem.axe_messages,
        BYLINE_RULE: {
            "error_name": _("Story has no byline"),
            "help_text": _(
                "Add the reporter, or the agency for wire copy: "
                "a story without one cannot be published"
            ),
        },
    }


def use_newsroom_checker(request, items, page):
    """``construct_wagtail_userbar``: Wagtail's checker with the newsroom's rules.

    Only Wagtail's own item is swapped: a host's subclass keeps its rules.
    """
    items[:] = [
        NewsroomContentChecker(in_editor=item.in_editor)
        if type(item) in (ContentCheckerItem, AccessibilityItem)
        else item
        for item in items
    ]
