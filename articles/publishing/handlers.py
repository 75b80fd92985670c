"""What each change sets off: purges, reindexing, embeds and the sitemap's weeks.

Every purge moves the render generation on (``articles.delivery.generation``),
so cached fragments, routes and sites follow the reader cache;
``content_changed`` moves it for what no purge follows.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from taggit.models import Tag
from wagtail.embeds.models import Embed
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.search.index import insert_or_update_object
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
    pre_page_move,
)

from media.models import PhotoDetails

from ..delivery import sites
from ..delivery.generation import content_changed
from ..models import ArticlePage, Author, BreakingBanner, NewsroomSettings, SectionPage
from ..sitemaps.weeks import mark_weeks_changed, reconcile_weeks, sites_holding, weeks_under
from .most_read import forget_story_on_removal
from .purge import purge_after_commit, purge_everything_after_commit
from .tasks import fetch_embeds
from .urls import cached_urls, removal_urls, story_urls, subtree_urls


def record_update_on_publish(sender, instance, alias=False, **kwargs):
    """A substantive update is readers' from the moment it goes live, scheduled or not.

    Connected first, so every later handler sees the story as readers will.
    """
    instance.record_publish(alias=alias)


def fetch_embeds_on_publish(sender, instance, **kwargs):
    """Ask oEmbed providers once, at publish, so readers never wait on them."""
    urls = [block.value.url for block in instance.body if block.block_type == "embed"]
    if not urls:
        return
    transaction.on_commit(lambda: fetch_embeds.enqueue(urls))


def reindex_on_publish(sender, instance, **kwargs):
    """Index the story again once its tags and bylines are saved too.

    Wagtail indexes on post_save, which fires before a page's child relations
    (tags, bylines) are written, so the index would miss the latest ones.
    """
    transaction.on_commit(lambda: insert_or_update_object(instance))


def purge_on_publish(sender, instance, **kwargs):
    """Published: the story and every page listing it."""
    purge_after_commit(story_urls(instance))


def purge_on_unpublish(sender, instance, **kwargs):
    """Unpublished or expired: the story, its listings and the pages linking to it."""
    purge_everything_after_commit(removal_urls(instance))


def mark_sitemap_week(sender, instance, signal=None, **kwargs):
    """Published, unpublished or deleted: the story's week in the sitemap index changed.

    A publish changed it when the story was published, as the week's sitemap says.
    """
    published = signal is page_published and instance.last_published_at
    mark_weeks_changed(instance, at=published or None)


# Wagtail hands post_page_move a freshly loaded page, not the instance that
# pre_page_move saw, so the URLs before the move are kept here by page id.
_urls_before_move = {}


def remember_urls_before_move(sender, instance, **kwargs):
    if instance.live:
        _urls_before_move[instance.pk] = (removal_urls(instance), sites_holding(instance))


def purge_on_move(sender, instance, **kwargs):
    before = _urls_before_move.pop(instance.pk, None)
    if before is not None:
        urls, sites = before
        # Into a private section, the story leaves public view.
        purge_everything_after_commit(urls | removal_urls(instance))
        # Into another site, it leaves the first one's sitemaps.
        mark_weeks_changed(instance, sites={*sites, *sites_holding(instance)})


def purge_on_delete(sender, instance, **kwargs):
    if instance.live:
        purge_everything_after_commit(removal_urls(instance))


def _file_metadata_only(update_fields):
    # Wagtail fills in a photo's file size and hash when first asked for them.
    return bool(update_fields) and set(update_fields) <= {"file_size", "file_hash"}


def purge_everything_on_edit(sender, instance, created=False, raw=False, **kwargs):
    """An author, a photo, a tag, a section, the settings or a site changed.

    They show on pages no list of URLs names (bylines, credits, topics,
    breadcrumbs, footers on every story), so every page of every site goes,
    as for a takedown. Something new (an upload, a first tag) shows nowhere
    yet and purges nothing.
    """
    if created or raw or _file_metadata_only(kwargs.get("update_fields")):
        return
    roots = {site.root_url + "/" for site in Site.objects.all()}
    purge_everything_after_commit(roots)


def purge_on_photo_details(sender, instance, raw=False, **kwargs):
    """A photo's credit, notes or caption changed: as for an edit of the photo itself.

    A first details row is no sign of something new (an old image gets its
    first credit): only a new image's own row is.
    """
    purge_everything_on_edit(sender, instance, created=instance.new_image, raw=raw)


def _in_navigation(url_path):
    """Whether a page at ``url_path`` is a site root's child: in every page's navigation."""
    parent = url_path.rstrip("/").rpartition("/")[0] + "/"
    return any(root.root_path == parent for root in Site.get_site_root_paths())


def purge_page_on_publish(sender, instance, **kwargs):
    """A page other than a story, published or taken down.

    A section's title is on its stories' breadcrumbs, a site root's child
    may be in the navigation of every page and a policy page is in every
    footer, so everything goes; any other
    page (the home page) is purged alone.
    """
    if isinstance(instance, ArticlePage):
        return  # purge_on_publish and purge_on_unpublish
    # A policy page is in every page's footer and every story's publisher.
    if (
        isinstance(instance, SectionPage)
        or _in_navigation(instance.url_path)
        or NewsroomSettings.names_policy(instance)
    ):
        purge_everything_on_edit(sender, instance)
        return
    url = instance.get_full_url()
    if url:
        purge_after_commit({url})


def purge_on_move_in_navigation(sender, instance, url_path_before="", url_path_after="", **kwargs):
    """A page other than a section or story moved into or out of the site's navigation.

    (A section's move purges everything already; a story is never in the
    navigation.)
    """
    if isinstance(instance, (ArticlePage, SectionPage)) or not instance.live:
        return
    if (
        _in_navigation(url_path_before)
        or _in_navigation(url_path_after)
        or NewsroomSettings.names_policy(instance)
    ):
        purge_everything_on_edit(sender, instance)


def purge_on_slug_change(sender, instance, instance_before, **kwargs):
    """A live page got a new slug: what is cached under the old URL goes, so its
    redirect (``wagtail.contrib.redirects`` makes one) is what readers get.

    A story's old URL alone; any other page takes the URLs below it along.
    """
    if not instance_before.live:
        return
    if isinstance(instance, ArticlePage):
        purge_after_commit(cached_urls(instance_before))
    else:
        purge_everything_on_edit(sender, instance)


def purge_on_privacy_change(sender, instance, **kwargs):
    """A page became private or public: nothing cached may outlive that."""
    page = instance.page
    if NewsroomSettings.names_policy(page):
        # A policy page (or its section) is in every footer: everything goes.
        purge_everything_on_edit(sender, page)
    # The pages under it, and every listing showing one of its stories.
    purge_everything_after_commit(subtree_urls(page))
    mark_weeks_changed(page, weeks=weeks_under(page))


def reconcile_sitemap_weeks(sender, instance, raw=False, **kwargs):
    """A site added, or given another root: its index lists the weeks of the stories under it.

    Not while fixtures load (``raw``): the root page may not be there yet.
    """
    if not raw:
        reconcile_weeks(sites=[instance])


def purge_on_banner_change(sender, instance, raw=False, **kwargs):
    """The breaking-news banner was set, changed or cleared: it is on every page of its site.

    Everything cached goes (which moves the render generation on, so the
    banner's own cached lookup goes too), and the front-end cache is sent
    the site's site-wide URL.
    """
    if raw:
        return
    site = Site.objects.filter(pk=instance.site_id).first()
    roots = {site.root_url + "/"} if site is not None else set()
    purge_everything_after_commit(roots)


def purge_everything_if_breaking(sender, instance, **kwargs):
    """A story that is its site's breaking news was published again: its headline and
    address are in the banner on every page, not only on the pages listing it."""
    banners = BreakingBanner.objects.filter(story_id=instance.pk).select_related("site")
    roots = {banner.site.root_url + "/" for banner in banners}
    if roots:
        purge_everything_after_commit(roots)


def end_banner_of_withdrawn_story(sender, instance, **kwargs):
    """A story taken down takes its breaking-news banner with it (which purges)."""
    for banner in BreakingBanner.objects.filter(story_id=instance.pk):
        banner.delete()


def connect_edit_invalidation():
    """Edits beyond a story's own publish: which caches they empty."""
    for model in (get_image_model(), Author, Tag, NewsroomSettings, Site):
        post_save.connect(purge_everything_on_edit, sender=model)
        post_delete.connect(purge_everything_on_edit, sender=model)
    post_save.connect(purge_on_photo_details, sender=PhotoDetails)
    post_delete.connect(purge_on_photo_details, sender=PhotoDetails)
    page_published.connect(purge_page_on_publish)
    page_unpublished.connect(purge_page_on_publish)
    # A section moved takes its stories' URLs with it.
    post_page_move.connect(purge_everything_on_edit, sender=SectionPage)
    post_page_move.connect(purge_on_move_in_navigation)
    page_slug_changed.connect(purge_on_slug_change)
    # A new site (host names it now answers), an embed fetched after its story
    # was published, any page moved or deleted.
    for model in (Embed, Site):
        post_save.connect(content_changed, sender=model)
        post_delete.connect(content_changed, sender=model)
    post_page_move.connect(content_changed)
    post_delete.connect(content_changed, sender=Page)


def register_signal_handlers():
    post_save.connect(sites.forget_settings, sender=NewsroomSettings)
    post_delete.connect(sites.forget_settings, sender=NewsroomSettings)
    connect_edit_invalidation()

    page_published.connect(record_update_on_publish, sender=ArticlePage)
    page_published.connect(fetch_embeds_on_publish, sender=ArticlePage)
    page_published.connect(reindex_on_publish, sender=ArticlePage)
    page_published.connect(purge_on_publish, sender=ArticlePage)
    page_published.connect(purge_everything_if_breaking, sender=ArticlePage)
    page_published.connect(mark_sitemap_week, sender=ArticlePage)
    page_unpublished.connect(purge_on_unpublish, sender=ArticlePage)
    page_unpublished.connect(end_banner_of_withdrawn_story, sender=ArticlePage)
    # A deleted story's banner is deleted with it (on_delete=CASCADE), which purges.
    post_save.connect(purge_on_banner_change, sender=BreakingBanner)
    post_delete.connect(purge_on_banner_change, sender=BreakingBanner)
    page_unpublished.connect(mark_sitemap_week, sender=ArticlePage)
    page_unpublished.connect(forget_story_on_removal, sender=ArticlePage)
    pre_delete.connect(forget_story_on_removal, sender=ArticlePage)
    post_delete.connect(mark_sitemap_week, sender=ArticlePage)
    pre_page_move.connect(remember_urls_before_move, sender=ArticlePage)
    post_page_move.connect(purge_on_move, sender=ArticlePage)
    pre_delete.connect(purge_on_delete, sender=ArticlePage)
    post_save.connect(purge_on_privacy_change, sender=PageViewRestriction)
    post_delete.connect(purge_on_privacy_change, sender=PageViewRestriction)
    post_save.connect(reconcile_sitemap_weeks, sender=Site)
