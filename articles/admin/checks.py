"""Checks before publishing: what a newsroom refuses to publish, and what it only warns about.

Refused (the story may still be saved as a draft, so nothing is lost):

- no byline: every story says who wrote it (the agency, for wire copy);
- a fact check without its claim, the claim's author or the rating: readers
  and search engines (its ClaimReview) are told all three;
- a photo without alt text, lead or inline: this use's alt text, else the
  photo's own. The photo's title, which Wagtail falls back to, does not count:
  it names a file for the photo desk, it does not describe a picture.

Warned about (the story publishes; the editor is told what it will cost):

- a lead photo (or share image) narrower than 1200 px: search results and
  social cards show large images only from that width;
- a search snippet over about 160 characters (the search description, else the
  summary): search engines cut the rest.

A headline over ``HEADLINE_MAX_LENGTH`` and a summary over 400 characters are
refused by the model itself, on every save.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail.admin.messages import render

from media.details import written_alt

from ..models import ArticlePage, StoryType

CARD_MIN_WIDTH = 1200
SNIPPET_LENGTH = 160


@dataclass(frozen=True)
class Problem:
    """One check that failed: on which field, what to tell the editor, whether it blocks."""

    code: str
    field: str
    message: str
    blocks: bool
    # For a problem inside the body: the index of its block.
    block_index: int | None = None


def story_problems(
    *,
    bylines,
    lead_photo=None,
    lead_alt_text="",
    share_image=None,
    body=(),
    summary="",
    search_description="",
    story_type="",
    claim=None,
):
    """The problems of a story made of these values (a form's, or a saved page's).

    ``bylines`` is a sequence of authors (None: unknown, not checked); ``body`` a
    StreamValue, or a list of ``(block_type, value)`` pairs; ``claim`` a fact
    check's claim fields by name.
    """
    problems = []
    if story_type == StoryType.FACT_CHECK:
        problems += fact_check_problems(claim or {})
    if bylines is not None and not bylines:
        problems.append(
            Problem(
                "no-byline",
                "bylines",
                _(
                    "A story needs a byline before it is published: add the reporter, "
                    "or the agency for wire copy."
                ),
                blocks=True,
            )
        )
    if lead_photo is not None and not written_alt(lead_photo, lead_alt_text):
        problems.append(
            Problem(
                "lead-alt",
                "lead_alt_text",
                _(
                    "The lead photo has no alt text. Describe what it shows for readers who "
                    "cannot see it: here, or on the photo in the library."
                ),
                blocks=True,
            )
        )
    for index, (block_type, value) in enumerate(_blocks(body)):
        if block_type == "inline_photo" and value.get("photo") is not None:
            if not written_alt(value["photo"], value.get("alt_text", "")):
                problems.append(
                    Problem(
                        "inline-alt",
                        "body",
                        _(
                            "This photo has no alt text. Describe what it shows for readers "
                            "who cannot see it: here, or on the photo in the library."
                        ),
                        blocks=True,
                        block_index=index,
                    )
                )
    for field, photo, name in (
        ("lead_photo", lead_photo, _("The lead photo")),
        ("share_image", share_image, _("The share image")),
    ):
        if photo is not None and photo.width < CARD_MIN_WIDTH:
            problems.append(
                Problem(
                    "narrow-photo",
                    field,
                    _(
                        "%(name)s is %(width)s px wide: search results and social cards show "
                        "large pictures only from %(min)s px."
                    )
                    % {"name": name, "width": photo.width, "min": CARD_MIN_WIDTH},
                    blocks=False,
                )
            )
    snippet_field = "search_description" if search_description else "summary"
    snippet = search_description or summary or ""
    if len(snippet) > SNIPPET_LENGTH:
        problems.append(
            Problem(
                "long-snippet",
                snippet_field,
                _(
                    "Search engines show about %(max)s characters of the description; "
                    "this one has %(n)s, so the end will be cut."
                )
                % {"max": SNIPPET_LENGTH, "n": len(snippet)},
                blocks=False,
            )
        )
    return problems


# What a fact check cannot go out without, and what to tell the editor.
FACT_CHECK_NEEDS = {
    "claim_reviewed": _("A fact check needs the claim it checks before it is published."),
    "claim_author": _(
        "A fact check needs who made the claim before it is published: a person or an organisation."
    ),
    "claim_rating": _("A fact check needs its rating before it is published."),
}


def fact_check_problems(claim):
    return [
        Problem("fact-check-" + field.replace("_", "-"), field, message, blocks=True)
        for field, message in FACT_CHECK_NEEDS.items()
        if not claim.get(field)
    ]


def page_problems(page):
    """The problems of a story as saved (or as the editor's form left it in memory)."""
    return story_problems(
        bylines=[byline.author for byline in page.bylines.all() if byline.author_id],
        lead_photo=page.lead_photo,
        lead_alt_text=page.lead_alt_text,
        share_image=page.share_image,
        body=page.body,
        summary=page.summary,
        search_description=page.search_description,
        story_type=page.story_type,
        claim={field: getattr(page, field) for field in FACT_CHECK_NEEDS},
    )


def _blocks(body):
    for item in body or ():
        if isinstance(item, tuple):
            yield item[0], item[1]
        else:
            yield item.block_type, item.value


def tell_editor(request, page):
    """``after_create_page`` / ``after_edit_page``: what still stands between the
    story and its readers, as a warning above the editor once it is saved."""
    if not isinstance(page, ArticlePage) or not request.accepts("text/html"):
        return  # autosave answers in JSON: nobody would read it
    problems = page_problems(page)
    if not problems:
        return
    if any(problem.blocks for problem in problems):
        heading = _("Saved. Before this story can be published:")
    else:
        heading = _("Worth a look before readers see it:")
    detail = format_html(
        '<ul class="errorlist">{}</ul>',
        format_html_join("", "<li>{}</li>", ((problem.message,) for problem in problems)),
    )
    messages.warning(request, render(heading, None, detail=detail))
