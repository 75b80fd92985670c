"""With the database task backend, an upload returns before its renditions exist;
the worker makes them."""

import os

import pytest

from . import stack

SCRIPT = """
import io
from PIL import Image
from django.core.files.images import ImageFile
from media.details import create_photo
buffer = io.BytesIO(); Image.new("RGB", (400, 300), "navy").save(buffer, "JPEG"); buffer.seek(0)
photo = create_photo(title="Queued", credit="AFP", file=ImageFile(buffer, name="q.jpg"))
print("renditions after upload:", photo.renditions.count())
"""


@pytest.mark.slow
def test_upload_renditions_are_made_by_the_worker(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "TASKS_BACKEND": "database",
    }

    def manage(*args):
        return stack.manage(env, *args)

    manage("migrate", "--noinput", "-v0")
    assert "renditions after upload: 0" in manage("shell", "-c", SCRIPT)
    manage("db_worker", "--batch", "--no-startup-delay")
    count = manage(
        "shell",
        "-c",
        "from wagtail.images import get_image_model; "
        "print(get_image_model().objects.get(title='Queued').renditions.count())",
    )
    assert int(count.strip().splitlines()[-1]) > 10
