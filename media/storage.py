"""Writing an image's file to storage safely, on whatever image model the site uses.

Django writes a new file while it saves the row and does not clean up: a full
disk leaves a partial file, and a row that fails to save leaves its file
behind. ``store_file`` writes the file first, where the caller can still turn
a failure into a form error, and ``save_image`` removes the file again when
the row is not written.
"""

import os


def clean_name(path):
    """An upload path never hidden or extensionless.

    Wagtail's ``get_upload_to`` keeps only ASCII, so a name made only of emoji
    or right-to-left marks would become ``.jpg``.
    """
    folder, name = os.path.split(path)
    extension = os.path.splitext(f"photo{name}")[1]
    stem = name[: len(name) - len(extension)].strip("._-")
    return os.path.join(folder, f"{stem or 'photo'}{extension.lower()}")


def store_file(image):
    """Write ``image``'s newly assigned file to storage now, leaving no part of it if that fails.

    Returns the stored name (``None`` when there was nothing new to store).
    """
    file = image.file
    if not file or file._committed:
        return None
    field, storage = file.field, file.storage
    name = storage.get_available_name(
        clean_name(field.generate_filename(image, file.name)), max_length=field.max_length
    )
    try:
        file.name = storage.save(name, file.file, max_length=field.max_length)
    except OSError:
        # The name was free a moment ago, so what is there now is our partial write.
        if storage.exists(name):
            storage.delete(name)
        raise
    file._committed = True
    image._newsroom_unsaved_file = file.name
    return file.name


def discard_unsaved_file(image):
    """Remove the file ``store_file`` wrote for a row that was then not saved."""
    name = getattr(image, "_newsroom_unsaved_file", None)
    if name:
        image.file.storage.delete(name)
        image._newsroom_unsaved_file = None


def save_image(image, **kwargs):
    """``image.save()``, with no file left behind when the row is not written."""
    try:
        store_file(image)
        image.save(**kwargs)
    except BaseException:
        discard_unsaved_file(image)
        raise
    image._newsroom_unsaved_file = None
