from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from taggit.models import Tag
from wagtail.models import Site

from media.renditions import load_photos

from .models import ArticlePage, NewsroomSettings, paginate, stories_per_page


def tag_page(request, slug):
    """Every live story carrying one tag, newest first."""
    tag = get_object_or_404(Tag, slug=slug)
    site = Site.find_for_request(request)
    stories = ArticlePage.objects.filter(tagged_items__tag=tag).for_listing()
    if site is not None:
        stories = stories.descendant_of(site.root_page, inclusive=True)
    page = paginate(request, stories, stories_per_page())
    return TemplateResponse(
        request,
        "articles/tag_page.html",
        {
            "tag": tag,
            "stories": page,
            "newsroom": NewsroomSettings.for_request(request),
            "newsroom_photos": load_photos([story.lead_photo_id for story in page], ["teaser"]),
        },
    )
