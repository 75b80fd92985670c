"""What every adoption test asserts once Newsroom is installed in a host."""

import json


def assert_adopted(result, before=None, image_model="wagtailimages.Image"):
    """Newsroom works in the host and, given ``before``, the host lost nothing."""
    report = json.dumps(result, indent=2)[:20000]
    assert result["image_model"] == image_model, report  # nothing swapped
    if before is not None:
        after = result["snapshot"]
        # Every old page renders the very same images, page by page.
        assert after["pages"] == before["pages"], report
        old_pages = [page for url, page in before["pages"].items() if "/old-page-" in url]
        assert len(old_pages) == 5 and all(page["status"] == 200 for page in old_pages)
        # A hero, a StreamField image and a rich-text image on each.
        assert all(len(page["img"]) == 3 for page in old_pages), before["pages"]
        # Ids, files, titles, collections, tags and renditions are kept.
        assert after["images"] == before["images"], report
        old_ids = sorted(before["images"], key=int)
        assert len(old_ids) == 20
        # The admin library and the chooser list every old image.
        assert set(old_ids) <= set(result["library"]), report
        assert set(old_ids) <= set(result["chooser"]), report
    # An old (or, on a fresh site, the first) image gets a credit from the photo desk...
    assert result["credit_edit"] == {"status": 302, "credit": "Archive Agency"}, report
    # ...and, as a story's lead photo, is shown with it.
    story = result["reader"]["story"]
    assert story["status"] == 200 and story["headline"] and story["credit"], report
    assert story["old_file"], report
    assert story["host_base"], "the story is not inside the host's base.html\n" + report
    # One description, the page's own, printed by the host's base.html as Wagtail's is.
    assert story["descriptions"] == 1 and story["search_description"], report
    for name in ("section", "tag", "author", "feed"):
        page = result["reader"][name]
        assert page["status"] == 200 and page["headline"], f"{name}\n{report}"
    assert result["reader"]["sitemap"]["status"] == 200, report
    # The host's own search (Page.objects.search) finds the story.
    assert result["reader"]["host_search"]["headline"], report
    # A new upload without a credit is refused, by the form and by the multiple uploader.
    refused = result["uncredited_upload"]
    assert refused["images_made"] == 0, report
    assert refused["single_status"] == 200 and refused["single_asks_for_credit"], report
    assert refused["multiple_status"] == 200 and refused["uploads_waiting"] == 1, report
    assert result["credited_upload"] == {"status": 302, "credit": "New Agency"}, report
    assert all(status == 200 for status in result["admin"].values()), report
