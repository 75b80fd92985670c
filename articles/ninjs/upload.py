"""The wire copy upload: ninjs files and pictures, or zips of them, unpacked within limits."""

import zipfile
from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.images.utils import get_allowed_image_extensions

from .. import conf

CHUNK_SIZE = 1024 * 1024


def max_upload_size():
    """Bytes an editor may send in one wire copy import, unpacked zips included."""
    return conf.get("NEWSROOM_NINJS_MAX_UPLOAD_SIZE")


def max_upload_files():
    return conf.get("NEWSROOM_NINJS_MAX_UPLOAD_FILES")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field taking any number of files; cleans to a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        clean_one = super().clean
        if isinstance(data, list | tuple) and data:
            return [clean_one(item, initial) for item in data]
        return [clean_one(data or None, initial)]


def extension(name):
    return Path(name).suffix.lower().lstrip(".")


class WireCopyImportForm(forms.Form):
    """Agency copy for one section: ninjs documents with their pictures."""

    files = MultipleFileField(
        label=_("Wire copy"),
        help_text=_(
            "ninjs .json files together with the pictures they name, or one .zip of them. "
            "Pictures are found by their path from the .json file, or by file name."
        ),
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        allowed = {"json", "zip", *get_allowed_image_extensions()}
        for upload in files:
            if extension(upload.name) not in allowed:
                raise ValidationError(
                    _("%(name)s is not a .json, .zip or picture file."),
                    params={"name": upload.name},
                )
        if not any(extension(upload.name) in ("json", "zip") for upload in files):
            raise ValidationError(_("Choose at least one .json file (or a .zip)."))
        if len(files) > max_upload_files():
            raise ValidationError(_("Too many files for one import."))
        if sum(upload.size for upload in files) > max_upload_size():
            raise ValidationError(_("These files are too large for one import."))
        return files

    def unpack(self, folder):
        """Write the files (and the contents of zips) into ``folder``; the ninjs paths.

        Raises ``ValidationError`` for a zip that is not one, or that would
        unpack outside ``folder`` or beyond the size and file limits.
        """
        folder = Path(folder)
        budget = Budget(max_upload_size(), max_upload_files())
        for upload in self.cleaned_data["files"]:
            if extension(upload.name) == "zip":
                unzip(upload, folder, budget)
            else:
                budget.take_file()
                copy_limited(upload, folder / Path(upload.name).name, budget)
        return sorted(path for path in folder.rglob("*.json") if path.is_file())


class Budget:
    """What an import may still write: bytes and files."""

    def __init__(self, size, files):
        self.size = size
        self.files = files

    def take_file(self):
        self.files -= 1
        if self.files < 0:
            raise ValidationError(_("Too many files for one import."))

    def take(self, size):
        self.size -= size
        if self.size < 0:
            raise ValidationError(_("These files are too large for one import."))


def copy_limited(source, target, budget):
    with target.open("wb") as out:
        while chunk := source.read(CHUNK_SIZE):
            budget.take(len(chunk))
            out.write(chunk)


def unzip(upload, folder, budget):
    """Unpack a zip into ``folder``, counting real bytes (headers can lie: zip bombs)."""
    try:
        archive = zipfile.ZipFile(upload)
    except zipfile.BadZipFile as error:
        raise ValidationError(
            _("%(name)s is not a zip file."), params={"name": upload.name}
        ) from error
    root = folder.resolve()
    with archive:
        for member in archive.infolist():
            if member.is_dir():
                continue
            target = (folder / member.filename).resolve()
            if not target.is_relative_to(root):
                raise ValidationError(
                    _("%(name)s has a file outside its own folder: %(member)s."),
                    params={"name": upload.name, "member": member.filename},
                )
            budget.take_file()
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(member) as source:
                copy_limited(source, target, budget)
