"""What happens when an image of the site's image model is saved, whichever model it is."""

import logging

from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_init, post_save
from wagtail.images import get_image_model

from .details import save_details
from .tasks import generate_upload_renditions

logger = logging.getLogger(__name__)


def remember_loaded_file(sender, instance, **kwargs):
    """The stored file name as loaded, so a save can tell whether the file was replaced."""
    # The column's text, or the stored file Django's ImageField made of it
    # (its own post_init reads the dimensions first); unknown when deferred.
    value = instance.__dict__.get("file")
    if isinstance(value, FieldFile):
        value = value.name if value._committed else None
    instance._newsroom_loaded_file = value if isinstance(value, str) and value else None


def save_form_details(sender, instance, created=False, raw=False, **kwargs):
    """Write the credit, notes and caption an image form cleaned (``PhotoDetailsFormMixin``)."""
    values = instance.__dict__.pop("_newsroom_details", None)
    if values and not raw:
        save_details(instance, new_image=created, **values)


def queue_upload_renditions(sender, instance, created, update_fields=None, raw=False, **kwargs):
    if raw:
        return
    loaded = getattr(instance, "_newsroom_loaded_file", None)
    instance._newsroom_loaded_file = instance.file.name
    if not created:
        if update_fields is not None and "file" not in update_fields:
            return  # a focal point or a title: the renditions stand
        if loaded is not None and loaded == instance.file.name:
            return

    def enqueue():
        try:
            generate_upload_renditions.enqueue(instance.pk)
        except Exception:
            # A photo whose renditions failed still saves; readers get them made lazily.
            logger.exception("Could not make renditions for photo %s", instance.pk)

    transaction.on_commit(enqueue)


def register_signal_handlers():
    model = get_image_model()
    post_init.connect(remember_loaded_file, sender=model, dispatch_uid="newsroom_loaded_file")
    post_save.connect(save_form_details, sender=model, dispatch_uid="newsroom_form_details")
    post_save.connect(queue_upload_renditions, sender=model, dispatch_uid="newsroom_renditions")
