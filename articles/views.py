"""Reader pages outside the page tree: tag, author and corrections pages, search, the
read beacon, and embargoed stories for the holders of their preview links."""

from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from taggit.models import Tag
from wagtail.models import Site

from . import visibility
from .delivery import reads, searches
from .delivery.reader_cache import reader_cacheable
from .forms import SearchForm
from .models import ArticlePage, Author, PreviewLink, StoryNote
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
        if wait := searches.over_rate(request):
            # A short page of its own: under a flood of searches the refusals are
            # most of the work, and the whole search page costs a render each.
            return TemplateResponse(
                request,
                "articles/search_paused.html",
                {"wait": wait},
                status=429,
                headers={"Retry-After": str(wait), "Cache-Control": "no-store"},
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


@csrf_exempt
@never_cache
@require_POST
def read_beacon(request):
    """Count a reader's read of a story (``navigator.sendBeacon`` from ``beacon.js``).

    Always 204 and nothing else, so a beacon never shows anything, whatever it
    sends (``reads.answer_beacon``). Exempt from CSRF: it reads no cookie but to
    leave editors out, and changes nothing but a counter. ``ReadBeaconMiddleware``
    answers the same, before the rest of the stack runs.
    """
    return reads.answer_beacon(request)


# A shared story is for whoever holds the link: kept by no cache, shown to no
# search engine, and its address sent to no site it links to.
SHARED_HEADERS = {
    "Cache-Control": "private, no-store",
    "X-Robots-Tag": "noindex",
    "Referrer-Policy": "no-referrer",
}


def shared_story(request, token):
    """An embargoed story's scheduled version (or its latest draft), for a preview link's holder.

    Once the story is live the link leads to its address; a revoked or expired
    link, or a story a view restriction covers, is a 404. Each use is logged.
    Not ``reader_cacheable``, and rendered as a preview: neither the reader
    cache nor the story's cached fragments keep anything of it.
    """
    link = PreviewLink.objects.for_token(token)
    if link is None or not isinstance(link.story, ArticlePage):
        raise Http404
    story = link.story
    if visibility.is_restricted(story):
        raise Http404
    if story.live:
        url = story.get_url(request=request)
        if not url:
            raise Http404
        link.log_use(request)
        response = HttpResponseRedirect(url)
    else:
        page = story.get_scheduled_revision_as_object() or story.get_latest_revision_as_object()
        link.log_use(request)
        request.is_preview = True
        request.preview_mode = ""
        request.newsroom_preview_link = link
        response = TemplateResponse(request, page.get_template(request), page.get_context(request))
    for name, value in SHARED_HEADERS.items():
        response[name] = value
    return response
