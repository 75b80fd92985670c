"""A new ``wagtail start`` site installs Newsroom before its first migrate."""

import pytest

from .checks import assert_adopted
from .hosts import AFTER_ADOPTION, Host

FIRST_IMAGE = """
import io
import json

from django.core.files.images import ImageFile
from PIL import Image
from wagtail.images import get_image_model

buffer = io.BytesIO()
Image.new("RGB", (800, 500), (30, 120, 90)).save(buffer, "JPEG")
image = get_image_model()(title="First", file=ImageFile(buffer, name="first.jpg"))
image.save()
print("ADOPTION-RESULT " + json.dumps(image.pk))
"""

pytestmark = pytest.mark.slow


def test_a_fresh_wagtail_site_runs_newsroom(tmp_path):
    host = Host(tmp_path)
    host.install_newsroom()
    host.manage("migrate", "--noinput")
    host.manage("makemigrations", "--check", "--dry-run")
    # An image made outside the admin (a script, a fixture) has no credit yet.
    assert host.shell(FIRST_IMAGE) == 1
    assert_adopted(host.shell(AFTER_ADOPTION))
