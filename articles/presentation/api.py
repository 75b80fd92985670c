"""A story's fields in the headless API (Wagtail API v2), computed from the page."""

from urllib.parse import urljoin

from rest_framework.fields import Field

from media.responsive import responsive_photo, social_image


class Computed(Field):
    """A read-only API field whose value ``function(page)`` computes."""

    def __init__(self, function, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)
        self.function = function

    def to_representation(self, page):
        return self.function(page)


def section_path(page):
    return [
        {"id": section.pk, "title": section.title, "url": section.full_url}
        for section in page.get_breadcrumbs()
    ]


def bylines(page):
    return [
        {
            "id": byline.author.pk,
            "name": byline.author.name,
            "slug": byline.author.slug,
            "kind": byline.author.kind,
            "role": byline.author.role,
        }
        for byline in page.bylines.select_related("author")
    ]


def lead_photo(page):
    use = page.lead_use
    if use.photo is None:
        return None
    renditions = responsive_photo(use.photo, "lead")
    social = social_image(use.photo)
    base = page.full_url
    return {
        "id": use.photo.pk,
        "caption": use.caption,
        "credit": use.credit,
        "alt": use.alt,
        "src": urljoin(base, renditions.src),
        "srcset": ", ".join(
            f"{urljoin(base, url)} {width}"
            for url, width in (item.split(" ") for item in renditions.srcset.split(", "))
        ),
        "social": {**social, "url": urljoin(base, social["url"])},
    }


def related_links(page):
    return [
        {"title": link.value.text, "url": link.value.href, "external": link.value.is_external}
        for link in page.related_links
        if link.value.href
    ]


def tags(page):
    return [{"name": tag.name, "slug": tag.slug} for tag in page.tags.all()]
