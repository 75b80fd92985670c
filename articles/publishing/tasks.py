"""Work a publish leaves for after its commit, on the task backend."""

import logging

from django_tasks import task
from wagtail.embeds.embeds import get_embed
from wagtail.embeds.exceptions import EmbedException

logger = logging.getLogger(__name__)


@task()
def fetch_embeds(urls):
    """Ask oEmbed providers once, at publish, so readers never wait on them."""
    for url in urls:
        try:
            get_embed(url)
        except (EmbedException, OSError, ValueError) as error:
            # The story shows a plain link instead; nothing for the editor to fix.
            logger.info("No embed for %s: %s", url, error)
