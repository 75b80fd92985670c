"""A story's bylines as one sentence, the way a newsroom writes them.

"By Selin Kaya", "By Selin Kaya and Deniz Arslan", "By Selin Kaya, Deniz
Arslan and Can Demir". A role follows its name between commas, so the
sentence still says how many people wrote the story: "By Selin Kaya, Ankara
correspondent, and Deniz Arslan". The words and the punctuation around them
are translatable (Turkish joins the last two names with "ve").
"""

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, pgettext

from .links import reverse_or_none


def _fill(template, **parts):
    # As {% blocktranslate %} does: the translated text is escaped, the parts
    # are HTML already (or escaped here).
    values = {key: conditional_escape(value) for key, value in parts.items()}
    return mark_safe(conditional_escape(template) % values)  # noqa: S308


def credit_html(author, role=True):
    """One author's name, linked to their page when the host routes it, and role."""
    href = reverse_or_none("articles:author", author.slug)
    if href:
        name = format_html('<a href="{}" rel="author">{}</a>', href, author.name)
    else:
        name = author.name
    html = format_html('<span class="byline__name">{}</span>', name)
    if role and author.role:
        html = format_html('{}, <span class="byline__role">{}</span>', html, author.role)
    return html


def join_credits(authors, roles=True):
    """``authors``' credits joined into a list: "A", "A and B", "A, B and C"."""
    if not authors:
        return ""
    credits = [credit_html(author, roles) for author in authors]
    if len(credits) == 1:
        return credits[0]
    separator = conditional_escape(pgettext("between names in a byline", ", "))
    head = mark_safe(separator.join(credits[:-1]))  # noqa: S308
    if roles and authors[-2].role:
        # Closes the role's apposition: "Selin Kaya, Ankara correspondent, and …".
        template = pgettext("byline, after a name with a role", "%(names)s, and %(last)s")
    else:
        template = pgettext("byline", "%(names)s and %(last)s")
    return _fill(template, names=head, last=credits[-1])


def byline_html(authors, roles=True):
    """The whole byline sentence: "By Selin Kaya and Deniz Arslan"; "" for no authors.

    Teasers leave the roles out (``roles=False``): a listing has no room for them.
    """
    if not authors:
        return ""
    return _fill(gettext("By %(names)s"), names=join_credits(authors, roles))
