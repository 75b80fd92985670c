import logging

from django.db import transaction
from django.db.models.signals import post_save
from wagtail.images import get_image_model

from .tasks import generate_upload_renditions

logger = logging.getLogger(__name__)


def queue_upload_renditions(sender, instance, created, update_fields=None, **kwargs):
    if kwargs.get("raw"):
        return
    if not created and instance.file.name == getattr(instance, "_loaded_file_name", None):
        return

    def enqueue():
        try:
            generate_upload_renditions.enqueue(instance.pk)
        except Exception:
            # A photo whose renditions failed still saves; readers get them made lazily.
            logger.exception("Could not make renditions for photo %s", instance.pk)

    transaction.on_commit(enqueue)


def register_signal_handlers():
    post_save.connect(queue_upload_renditions, sender=get_image_model())
