import logging

from django_tasks import task
from wagtail.images import get_image_model

from .loading import rendition, renditions_for
from .sizes import upload_specs

logger = logging.getLogger(__name__)


@task()
def generate_upload_renditions(photo_id):
    """Make every rendition the reader pages use, so no reader waits for them."""
    photo = get_image_model().objects.filter(pk=photo_id).first()
    if photo is None:
        return
    try:
        renditions_for(photo, upload_specs())
    except Exception:
        # Made together, one failure loses them all: make the others one by one.
        logger.exception("Could not make the upload renditions of photo %s together", photo_id)
        for spec in upload_specs():
            try:
                rendition(photo, spec)
            except Exception:
                logger.exception("Could not make rendition %r of photo %s", spec, photo_id)
