from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from taggit.models import Tag
from wagtail.models import Site

from media.renditions import load_photos

from .forms_search import SearchForm
from .middleware import reader_cacheable
from .models import ArticlePage, Author, NewsroomSettings
from .pagination import paginate_search, paginate_stories, stories_per_page


@reader_cacheable
def tag_page(request, slug):
    """Every live story carrying one tag, newest first."""
    tag = get_object_or_404(Tag, slug=slug)
    if not ArticlePage.objects.readable().filter(tagged_items__tag=tag).exists():
        # A tag no public story carries (a draft's, a withdrawn story's) tells what
        # unpublished stories are about: as if it did not exist.
        raise Http404
    site = Site.find_for_request(request)
    stories = ArticlePage.objects.tagged(tag).for_listing()
    if site is not None:
        stories = stories.descendant_of(site.root_page, inclusive=True)
    page = paginate_stories(request, stories, stories_per_page())
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


@reader_cacheable
def author_page(request, slug):
    """Every live story carrying one byline, newest first."""
    author = get_object_or_404(Author.objects.select_related("photo"), slug=slug)
    stories = ArticlePage.objects.bylined(author).for_listing()
    page = paginate_stories(request, stories, stories_per_page())
    photo_ids = [story.lead_photo_id for story in page] + [author.photo_id]
    return TemplateResponse(
        request,
        "articles/author_page.html",
        {
            "author": author,
            "stories": page,
            "newsroom": NewsroomSettings.for_request(request),
            "newsroom_photos": load_photos(photo_ids, ["teaser", "avatar"]),
        },
    )


def search(request):
    """Site search over headlines, summaries, body text, tags and bylines."""
    form = SearchForm(request.GET or None, site=Site.find_for_request(request))
    results = None
    if form.is_valid() and form.cleaned_data["q"]:
        stories = ArticlePage.objects.live().public()
        if form.cleaned_data["section"] is not None:
            stories = stories.descendant_of(form.cleaned_data["section"])
        query = form.cleaned_data["q"]
        # Newest first, as news is read. Ranking by relevance costs a
        # subquery per match on SQLite, so its cost grows with the archive.
        stories = stories.order_by("-display_order_date", "-id")
        results = paginate_search(
            request, stories.search(query, order_by_relevance=False), stories_per_page()
        )
    photos = load_photos([story.lead_photo_id for story in results or []], ["teaser"])
    for story in results or []:
        story.lead_photo = photos.get(story.lead_photo_id)
    return TemplateResponse(
        request,
        "articles/search.html",
        {
            "form": form,
            "query": form.cleaned_data.get("q", "") if form.is_bound and form.is_valid() else "",
            "stories": results,
            "newsroom": NewsroomSettings.for_request(request),
            "newsroom_photos": photos,
        },
    )
