"""Reader pages outside the page tree: tag, author and corrections pages, and search."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from taggit.models import Tag
from wagtail.models import Site

from . import visibility
from .delivery import searches
from .delivery.reader_cache import reader_cacheable
from .forms import SearchForm
from .models import ArticlePage, Author, StoryNote
from .presentation.links import reverse_or_none
from .presentation.listings import listing_photos
from .presentation.pagination import (
    paginate_notes,
    paginate_search,
    paginate_stories,
    stories_per_page,
)
from .text import has_nul


@reader_cacheable
def tag_page(request, slug):
    """Every live story carrying one tag, newest first."""
    if has_nul(slug):
        raise Http404
    tag = get_object_or_404(Tag, slug=slug)
    if not ArticlePage.objects.shows_tag(tag):
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
            "newsroom_photos": listing_photos(page),
            "social_meta": {
                "title": tag.name,
                "description": gettext("Stories tagged %(name)s") % {"name": tag.name},
                "path": reverse_or_none("articles:tag", tag.slug),
            },
        },
    )


@reader_cacheable
def author_page(request, slug):
    """Every live story carrying one byline, newest first."""
    if has_nul(slug):
        raise Http404
    author = get_object_or_404(Author.objects.select_related("photo"), slug=slug)
    if not ArticlePage.objects.shows_author(author):
        raise Http404
    stories = ArticlePage.objects.bylined(author).for_listing()
    page = paginate_stories(request, stories, stories_per_page())
    # The author's photo is their page's social card; else their latest story's.
    social_ids = [author.photo_id] if author.photo_id else None
    photos = listing_photos(page, ["teaser", "avatar"], [author.photo_id], social_ids)
    if author.photo_id in photos:
        author.photo = photos[author.photo_id]
    if author.role:
        description = gettext("Stories by %(name)s, %(role)s") % {
            "name": author.name,
            "role": author.role,
        }
    else:
        description = gettext("Stories by %(name)s") % {"name": author.name}
    return TemplateResponse(
        request,
        "articles/author_page.html",
        {
            "author": author,
            "stories": page,
            "newsroom_photos": photos,
            "social_meta": {
                "title": author.name,
                "description": description,
                "path": reverse_or_none("articles:author", author.slug),
                "photo": author.photo if author.photo_id else None,
                "og_type": "profile",
            },
        },
    )


@reader_cacheable
def corrections(request):
    """The site's corrections and clarifications, newest first (a section's: ``SectionPage``)."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    stories = ArticlePage.objects.descendant_of(site.root_page, inclusive=True)
    notes = paginate_notes(request, StoryNote.objects.listed(stories), stories_per_page())
    return TemplateResponse(
        request, "articles/corrections.html", {"notes": notes, "corrections_listing": True}
    )


def search(request):
    """Site search over headlines, summaries, body text, tags and bylines.

    A search's answer is kept briefly and the searches a client makes the site
    run are limited (``articles.delivery.searches``).
    """
    site = Site.find_for_request(request)
    form = SearchForm(request.GET or None, site=site)
    if form.is_valid() and form.cleaned_data["q"]:
        section = form.cleaned_data["section"]
        key = searches.cache_key(
            request,
            site and site.pk,
            form.cleaned_data["q"],
            section and section.pk,
            request.GET.get("page"),
        )
        content = searches.cached_answer(key)
        if content is not None:
            return HttpResponse(content)
        if searches.over_rate(request):
            # A short page of its own: under a flood of searches the refusals are
            # most of the work, and the whole search page costs a render each.
            return TemplateResponse(
                request,
                "articles/search_paused.html",
                status=429,
                headers={"Retry-After": str(searches.RATE_WINDOW), "Cache-Control": "no-store"},
            )
        response = render_search(request, form, run_search(request, form))
        response.render()
        searches.keep_answer(key, response.content)
        return response
    return render_search(request, form, None)


def run_search(request, form):
    """The page of results ``?page=`` asks for, newest first."""
    stories = visibility.searchable(ArticlePage.objects.all())
    if form.cleaned_data["section"] is not None:
        stories = stories.descendant_of(form.cleaned_data["section"])
    # Newest first, as news is read. Ranking by relevance costs a
    # subquery per match on SQLite, so its cost grows with the archive.
    stories = stories.order_by("-display_order_date", "-id")
    return paginate_search(
        request,
        stories.search(form.cleaned_data["q"], order_by_relevance=False),
        stories_per_page(),
    )


def render_search(request, form, results, *, status=200):
    return TemplateResponse(
        request,
        "articles/search.html",
        {
            "form": form,
            "query": form.cleaned_data.get("q", "") if form.is_bound and form.is_valid() else "",
            "stories": results,
            "newsroom_photos": listing_photos(results or [], social_ids=()),
        },
        status=status,
    )
