"""The production stack: deploy checks, and a cache outage that readers never see."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import caches

ROOT = Path(__file__).resolve().parents[2]


def test_production_settings_pass_the_deploy_check():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "news.example.org",
        # Production's several processes share Redis (deploy/README.md); without it the
        # check warns of a per-process cache (newsroom_articles.W005). Nothing connects.
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings.production"}
    env.pop("SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.fixture
def dead_redis(settings):
    # Port 9 (discard) on loopback: nothing listens, connections fail at once.
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    # Changing CACHES makes Django drop its cache connections (setting_changed).
    return caches["default"]


def test_cache_outage_degrades_to_misses(dead_redis, caplog):
    cache = dead_redis
    assert cache.get("anything", "fallback") == "fallback"
    cache.set("key", "value")
    assert cache.get_many(["a", "b"]) == {}
    assert cache.add("key", "value") is False
    assert "Cache get failed" in caplog.text


def test_readers_are_served_while_the_cache_is_down(dead_redis, client, story):
    response = client.get(story.url)
    assert response.status_code == 200
    assert story.title in response.content.decode()
