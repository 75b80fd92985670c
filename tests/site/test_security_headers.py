"""Reader pages run under a strict Content-Security-Policy; the admin reports only."""

import pytest


def directives(header):
    parts = (part.strip().split() for part in header.split(";") if part.strip())
    return {part[0]: part[1:] for part in parts}


@pytest.mark.parametrize("path", ["/", "/news/", "/news/turkey/story/", "/search/?q=x"])
def test_reader_pages_have_a_strict_policy(client, story, path):
    response = client.get(path)
    policy = directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_cached_pages_keep_their_policy(client, story):
    client.get(story.url)
    hit = client.get(story.url)
    assert hit["X-Newsroom-Cache"] == "hit"
    assert "script-src 'self'" in hit["Content-Security-Policy"]


def test_admin_policy_only_reports(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response
    assert "script-src 'self'" in response["Content-Security-Policy-Report-Only"]


def test_reader_pages_have_no_inline_script(client, story, newsroom_settings):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(client.get(story.url).content, "html.parser")
    for script in soup.find_all("script"):
        # Only external files, and JSON-LD data blocks that browsers never run.
        assert script.get("src") or script.get("type") == "application/ld+json", script
    assert not soup.find_all(attrs={"style": True})
    event_handlers = [a for tag in soup.find_all(True) for a in tag.attrs if a.startswith("on")]
    assert event_handlers == []


def test_the_policy_built_once_is_django_csps_and_views_may_still_change_it(rf, settings):
    """newsroom.csp builds the settings' policy once; a view's own policy is built per response."""
    from csp.utils import build_policy
    from django.http import HttpResponse

    from newsroom.csp import CSPMiddleware

    middleware = CSPMiddleware(lambda request: HttpResponse("page"))
    plain = middleware(rf.get("/"))
    assert plain["Content-Security-Policy"] == build_policy()
    assert plain["Content-Security-Policy-Report-Only"] == build_policy(report_only=True)

    def widened(request):
        response = HttpResponse("embed")
        response._csp_update = {"img-src": ["https://images.example"]}
        return response

    custom = CSPMiddleware(widened)(rf.get("/"))
    assert "https://images.example" in directives(custom["Content-Security-Policy"])["img-src"]
    assert "https://images.example" not in plain["Content-Security-Policy"]

    # A changed setting is built again.
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"], "img-src": ["'none'"]}
    }
    assert directives(middleware(rf.get("/"))["Content-Security-Policy"])["img-src"] == ["'none'"]
