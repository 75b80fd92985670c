import logging

from django.db import transaction
from wagtail.signals import page_published

logger = logging.getLogger(__name__)


def fetch_embeds_on_publish(sender, instance, **kwargs):
    """Ask oEmbed providers once, at publish, so readers never wait on them."""
    urls = [block.value.url for block in instance.body if block.block_type == "embed"]
    if not urls:
        return
    from .tasks import fetch_embeds

    transaction.on_commit(lambda: fetch_embeds.enqueue(urls))


def reindex_on_publish(sender, instance, **kwargs):
    """Index the story again once its tags and bylines are saved too.

    Wagtail indexes on post_save, which fires before a page's child relations
    (tags, bylines) are written, so the index would miss the latest ones.
    """
    from wagtail.search.index import insert_or_update_object

    transaction.on_commit(lambda: insert_or_update_object(instance))


def register_signal_handlers():
    from .models import ArticlePage

    page_published.connect(fetch_embeds_on_publish, sender=ArticlePage)
    page_published.connect(reindex_on_publish, sender=ArticlePage)
