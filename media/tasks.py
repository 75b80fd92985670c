from django_tasks import task
from wagtail.images import get_image_model

from .renditions import upload_specs


@task()
def generate_upload_renditions(photo_id):
    """Make every rendition the reader pages use, so no reader waits for them."""
    photo = get_image_model().objects.filter(pk=photo_id).first()
    if photo is not None:
        photo.get_renditions(*upload_specs())
