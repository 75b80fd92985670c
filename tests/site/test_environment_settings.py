"""What the environment switches on past one server: S3 media, OpenSearch, a replica.

The settings modules read the environment when imported, so each case
imports them in a child process with its variables set. S3 is then used for
real against moto's in-process S3: a photo uploaded, its renditions made and
served from the bucket's address.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

SHOW_SETTINGS = """
import json
from django.conf import settings
print(json.dumps({
    "storage": settings.STORAGES["default"],
    "search": settings.WAGTAILSEARCH_BACKENDS["default"],
    "databases": sorted(settings.DATABASES),
    "routers": settings.DATABASE_ROUTERS,
    "middleware": settings.MIDDLEWARE,
    "cache": settings.CACHES["default"],
}))
"""


def settings_with(settings_module="newsroom.settings.production", **variables):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("AWS_", "SEARCH_", "DATABASE_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE=settings_module,
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="news.example",
        PYTHONPATH=str(REPO),
        **variables,
    )
    done = subprocess.run(
        [sys.executable, "-c", SHOW_SETTINGS],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def test_nothing_set_means_one_machine():
    found = settings_with()
    assert found["storage"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert found["search"]["BACKEND"] == "wagtail.search.backends.database"
    assert found["databases"] == ["default"]
    assert found["routers"] == []


def test_a_bucket_puts_media_on_s3():
    found = settings_with(
        AWS_STORAGE_BUCKET_NAME="newsroom-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.net",
        AWS_S3_CUSTOM_DOMAIN="media.news.example",
    )
    assert found["storage"]["BACKEND"] == "storages.backends.s3.S3Storage"
    options = found["storage"]["OPTIONS"]
    assert options["bucket_name"] == "newsroom-media"
    assert options["endpoint_url"] == "https://s3.example.net"
    assert options["custom_domain"] == "media.news.example"
    assert options["querystring_auth"] is False
    assert options["file_overwrite"] is False


@pytest.mark.parametrize(
    "backend, module",
    [(None, "opensearch3"), ("opensearch2", "opensearch2"), ("elasticsearch8", "elasticsearch8")],
)
def test_a_search_url_moves_search_to_opensearch_or_elasticsearch(backend, module):
    variables = {"SEARCH_URL": "https://search-1.example:9200,https://search-2.example:9200"}
    if backend:
        variables["SEARCH_BACKEND"] = backend
    search = settings_with(**variables)["search"]
    assert search["BACKEND"] == f"wagtail.search.backends.{module}"
    assert search["URLS"] == ["https://search-1.example:9200", "https://search-2.example:9200"]
    assert search["INDEX"] == "newsroom"


def test_a_replica_url_adds_the_router_and_its_middleware():
    found = settings_with(
        DATABASE_URL="postgres://newsroom@db-primary/newsroom",
        DATABASE_REPLICA_URL="postgres://newsroom@db-replica/newsroom",
    )
    assert found["databases"] == ["default", "replica"]
    assert found["routers"] == ["newsroom.replica.ReplicaRouter"]
    middleware = found["middleware"]
    auth = middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware")
    assert middleware[auth + 1] == "newsroom.replica.ReplicaReadsMiddleware"


@pytest.fixture
def s3(settings):
    moto = pytest.importorskip("moto")
    boto3 = pytest.importorskip("boto3")
    pytest.importorskip("storages")
    with moto.mock_aws():
        boto3.client("s3", region_name="eu-west-1").create_bucket(
            Bucket="newsroom-media",
            CreateBucketConfiguration={"LocationConstraint": "eu-west-1"},
        )
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": "newsroom-media",
                    "region_name": "eu-west-1",
                    "custom_domain": "media.news.example",
                    "querystring_auth": False,
                    "file_overwrite": False,
                },
            },
        }
        yield boto3.client("s3", region_name="eu-west-1")


def test_photos_and_renditions_live_in_the_bucket(
    s3, client, turkey, monkeypatch, django_capture_on_commit_callbacks
):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "testing")
    from ..factories import ArticlePageFactory, PhotoFactory, jpeg_file, publish

    with django_capture_on_commit_callbacks(execute=True):
        photo = PhotoFactory(title="Harbour at dawn", file=jpeg_file(size=(1600, 1000)))
        story = publish(
            ArticlePageFactory(
                parent=turkey, title="In the bucket", slug="bucket", lead_photo=photo
            )
        )
    keys = {item["Key"] for item in s3.list_objects_v2(Bucket="newsroom-media")["Contents"]}
    assert photo.file.name in keys
    assert any(key.startswith("images/") for key in keys), keys
    html = client.get(story.url).content.decode()
    assert "https://media.news.example/images/" in html
    assert f"https://media.news.example/{photo.file.name}" not in html  # renditions, not originals


def test_the_dev_cache_follows_the_database(tmp_path):
    """Two databases served from one checkout never share cached pages."""
    variables = {"NEWSROOM_VAR_DIR": str(tmp_path)}
    sqlite = settings_with("newsroom.settings.dev", **variables)["cache"]
    other = settings_with(
        "newsroom.settings.dev", DATABASE_URL=f"sqlite:///{tmp_path / 'other.sqlite3'}", **variables
    )["cache"]
    postgres = settings_with(
        "newsroom.settings.dev", DATABASE_URL="postgres://u@db.example/newsroom", **variables
    )["cache"]
    locations = {sqlite["LOCATION"], other["LOCATION"], postgres["LOCATION"]}
    assert len(locations) == 3
    assert all(location.startswith(str(tmp_path / "cache")) for location in locations)
    again = settings_with("newsroom.settings.dev", **variables)["cache"]
    assert again["LOCATION"] == sqlite["LOCATION"]
