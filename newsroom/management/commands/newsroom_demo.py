"""Build the demo site: sections, authors, credited photos and complete stories.

Idempotent: whatever already exists (found by slug or title) is left as it is,
so running the command twice changes nothing, but for the embargoed story's
preview link: each run prints a fresh one and revokes those it printed before.
"""

import argparse
import os
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from articles.blocks.cleaning import clean_rich_text
from articles.delivery import reads
from articles.models import (
    ArticleByline,
    ArticlePage,
    Author,
    BreakingBanner,
    NewsroomSettings,
    NoteKind,
    NotePlacement,
    PreviewLink,
    SectionPage,
    StoryNote,
    StoryReads,
)
from articles.publishing.most_read import roll_up_reads
from articles.roles import section_group_name
from media.details import create_photo
from newsroom import demo_content as demo
from newsroom.demo_photos import draw_photo, seed_of
from newsroom.models import ABOUT_FEATURES, AboutPage, HomePage


class Command(BaseCommand):
    help = "Create the demo newsroom (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--users",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="Make the demo users, one per role, with the demo passwords "
            "(default: only when DEBUG is on).",
        )

    def handle(self, *args, users=None, **options):
        with transaction.atomic():
            home = self.ensure_home()
            self.ensure_site(home)
            photos = self.ensure_photos()
            authors = self.ensure_authors(photos)
            sections = self.ensure_sections(home)
            self.ensure_settings(photos)
            self.ensure_policy_pages(home)
            if settings.DEBUG if users is None else users:
                self.ensure_users(sections)
        # Stories publish one by one so a failure leaves earlier ones intact.
        self.ensure_stories(sections, photos, authors)
        self.ensure_reads(home)
        self.ensure_breaking_news()
        embargoed = self.ensure_embargoed_story(sections, photos, authors)
        self.share_preview_link(embargoed)
        self.ensure_front(home, sections)
        self.stdout.write(self.style.SUCCESS("Demo newsroom ready."))

    def ensure_reads(self, home):
        """Last hour's reads for the demo's stories, so "Most read" has something to show
        before anyone has read them; each run sets that hour's counts again."""
        hour = reads.hour_of(timezone.now()) - timedelta(hours=1)
        stories = ArticlePage.objects.live().descendant_of(home).order_by("pk")
        rows = [
            StoryReads(story=story, hour=hour, reads=(7 * i + 3) % 11 * 12 + i + 1)
            for i, story in enumerate(stories)
        ]
        StoryReads.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["story", "hour"], update_fields=["reads"]
        )
        roll_up_reads()

    def ensure_breaking_news(self):
        """The demo story on every page as breaking news, unless the site has a banner."""
        site = Site.objects.get(is_default_site=True)
        if BreakingBanner.objects.filter(site=site).exists():
            return
        story = ArticlePage.objects.live().filter(slug=demo.BREAKING["story"]).first()
        if story is None:
            return
        BreakingBanner.objects.create(
            site=site,
            story=story,
            expires_at=timezone.now() + timedelta(hours=demo.BREAKING["hours"]),
        )
        self.stdout.write(f"Breaking news: {story.title}")

    def ensure_users(self, sections):
        """One user per role; an existing user (and their password) is left as it is."""
        User = get_user_model()
        lines = []
        for spec in demo.USERS:
            user = User.objects.filter(username=spec["username"]).first()
            if user is None:
                user = User(
                    username=spec["username"],
                    first_name=spec.get("first_name", ""),
                    last_name=spec.get("last_name", ""),
                    email=f"{spec['username']}@newsroom.example",
                    is_staff=spec.get("superuser", False),
                    is_superuser=spec.get("superuser", False),
                )
                user.set_password(spec["password"])
                user.save()
                groups = [Group.objects.get(name=name) for name in spec.get("groups", [])]
                for slug, role in spec.get("sections", {}).items():
                    groups.append(Group.objects.get(name=section_group_name(sections[slug], role)))
                user.groups.add(*groups)
                if spec.get("author"):
                    # Their author profile is the default byline of the stories they start.
                    Author.objects.filter(slug=spec["author"], user=None).update(user=user)
            lines.append(f"  {spec['username']:<10} {spec['password']:<19} {spec['role']}")
        self.stdout.write("Demo users (user, password, role), log in at /admin/:")
        self.stdout.write("\n".join(lines))

    def ensure_home(self):
        home = HomePage.objects.first()
        if home is not None:
            return home
        root = Page.get_first_root_node()
        stock = Page.objects.filter(depth=2, slug="home").first()
        if stock is not None:
            stock.slug = "wagtail-welcome"
            stock.save(update_fields=["slug"])
        home = HomePage(
            title="Newsroom Daily",
            slug="home",
            introduction="Independent reporting from our correspondents and the wires.",
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        Site.objects.filter(root_page=stock).update(root_page=home) if stock else None
        if stock is not None:
            stock.delete()
        return home

    def ensure_site(self, home):
        port = int(os.environ.get("PORT", "8000"))
        site = Site.objects.filter(is_default_site=True).first()
        wanted = {
            "hostname": "127.0.0.1",
            "port": port,
            "root_page": home,
            "site_name": "Newsroom Daily",
        }
        if site is None:
            Site.objects.create(is_default_site=True, **wanted)
        elif any(getattr(site, key) != value for key, value in wanted.items()):
            for key, value in wanted.items():
                setattr(site, key, value)
            site.save()

    def ensure_photos(self):
        Photo = get_image_model()
        photos = {}
        for spec in demo.PHOTOS:
            photo = Photo.objects.filter(title=spec["title"]).first()
            if photo is None:
                photo = create_photo(
                    Photo,
                    title=spec["title"],
                    credit=spec["credit"],
                    description=spec["alt"],
                    default_caption=spec["caption"],
                    copyright="Drawn by the newsroom_demo command; free to reuse.",
                    file=ImageFile(
                        draw_photo(spec["scene"], spec["colours"], seed_of(spec)),
                        name=f"{spec['key']}.jpg",
                    ),
                )
            photos[spec["key"]] = photo
        return photos

    def ensure_authors(self, photos):
        authors = {}
        for spec in demo.AUTHORS:
            skip = {"slug", "photo", "social_accounts"}
            defaults = {key: value for key, value in spec.items() if key not in skip}
            defaults["photo"] = photos.get(spec.get("photo"))
            accounts = [("account", value) for value in spec.get("social_accounts", [])]
            defaults["social_accounts"] = accounts
            author, _ = Author.objects.get_or_create(slug=spec["slug"], defaults=defaults)
            if accounts and not author.social_accounts:
                # A demo loaded before authors had accounts gets them once.
                author.social_accounts = accounts
                author.save()
            authors[spec["slug"]] = author
        return authors

    def ensure_sections(self, home):
        sections = {}
        for spec in demo.SECTIONS:
            parent = sections[spec["parent"]] if spec["parent"] else home
            section = SectionPage.objects.child_of(parent).filter(slug=spec["slug"]).first()
            if section is None:
                section = SectionPage(
                    title=spec["title"],
                    slug=spec["slug"],
                    description=spec["description"],
                    # The top-level sections are the site's navigation.
                    show_in_menus=spec["parent"] is None,
                )
                parent.add_child(instance=section)
                section.save_revision().publish()
            sections[spec["slug"]] = section
        return sections

    def ensure_settings(self, photos):
        site = Site.objects.get(is_default_site=True)
        newsroom = NewsroomSettings.for_site(site)
        if newsroom.publisher_name:
            return
        newsroom.publisher_name = demo.SETTINGS["publisher_name"]
        newsroom.language = demo.SETTINGS["language"]
        newsroom.share_networks = [("network", key) for key in demo.SETTINGS["share_networks"]]
        newsroom.social_accounts = [
            ("account", value) for value in demo.SETTINGS["social_accounts"]
        ]
        newsroom.alternate_addresses = [
            ("address", value) for value in demo.SETTINGS["alternate_addresses"]
        ]
        newsroom.app_links = [("app", value) for value in demo.SETTINGS["app_links"]]
        newsroom.save()

    def ensure_policy_pages(self, home):
        """ "About us" and the policy pages under it, each picked in the settings once:
        a policy an editor has picked since (or cleared on purpose) is theirs."""
        about = self.ensure_about_page(home, demo.ABOUT)
        newsroom = NewsroomSettings.for_site(Site.objects.get(is_default_site=True))
        changed = False
        for spec in demo.POLICY_PAGES:
            page = self.ensure_about_page(about, spec)
            if getattr(newsroom, f"{spec['field']}_id") is None:
                setattr(newsroom, spec["field"], page)
                changed = True
        if changed:
            newsroom.save()

    def ensure_about_page(self, parent, spec):
        page = AboutPage.objects.child_of(parent).filter(slug=spec["slug"]).first()
        if page is None:
            page = AboutPage(
                title=spec["title"],
                slug=spec["slug"],
                body=clean_rich_text(spec["body"], ABOUT_FEATURES),
            )
            parent.add_child(instance=page)
            page.save_revision().publish()
        return page

    def ensure_stories(self, sections, photos, authors):
        now = timezone.now()
        pages = {}
        # First every story exists (as a draft), so "Read more" links can point
        # at stories written later in the list.
        for spec in demo.STORIES:
            section = sections[spec["section"]]
            page = ArticlePage.objects.child_of(section).filter(slug=spec["slug"]).first()
            if page is None:
                page = ArticlePage(
                    title=spec["title"],
                    slug=spec["slug"],
                    summary=spec["summary"],
                    lead_photo=photos[spec["lead_photo"]],
                    body=[("paragraph", RichText(clean_rich_text("<p>Draft.</p>")))],
                    live=False,
                )
                section.add_child(instance=page)
            pages[spec["slug"]] = page
        for spec in demo.STORIES:
            page = pages[spec["slug"]]
            if page.live:
                continue
            with transaction.atomic():
                self.fill_story(page, spec, pages, photos, authors)
                page.first_published_at = now - timedelta(hours=spec["hours_ago"])
                page.save_revision().publish()
            self.stdout.write(f"Published {page.title}")
        # Every story above reads "Published" only: nobody has updated it. One
        # has a real substantive update, made as an editor makes one.
        for spec in demo.STORIES:
            if "update" not in spec:
                continue
            page = ArticlePage.objects.get(pk=pages[spec["slug"]].pk)
            if page.live and not page.update_count:
                self.update_story(page, spec["update"], pages, photos)
        # One is corrected, once.
        for spec in demo.STORIES:
            if "correction" not in spec:
                continue
            page = ArticlePage.objects.get(pk=pages[spec["slug"]].pk)
            if page.live and not StoryNote.objects.filter(page=page).exists():
                self.correct_story(page, spec["correction"], now)

    def ensure_embargoed_story(self, sections, photos, authors):
        """The story under embargo, scheduled once (it goes live by itself at its moment)."""
        spec = demo.EMBARGOED_STORY
        section = sections[spec["section"]]
        page = ArticlePage.objects.child_of(section).filter(slug=spec["slug"]).first()
        if page is not None:
            return page
        with transaction.atomic():
            page = ArticlePage(
                title=spec["title"],
                slug=spec["slug"],
                summary=spec["summary"],
                lead_photo=photos[spec["lead_photo"]],
                live=False,
            )
            section.add_child(instance=page)
            self.fill_story(page, spec, {}, photos, authors)
            page.go_live_at = timezone.now() + timedelta(days=spec["days_ahead"])
            # With a future go-live date, publishing only schedules it: the embargo.
            page.save_revision(approved_go_live_at=page.go_live_at).publish()
        self.stdout.write(f"Scheduled {page.title}")
        return page

    def share_preview_link(self, story):
        """A fresh preview link to ``story``, printed; the demo's earlier links stop working."""
        for link in PreviewLink.objects.usable().filter(story=story, created_by=None):
            link.revoke()
        link, token = PreviewLink.create_for(story)
        site = story.get_site()
        path = reverse("articles:shared_story", args=[token])
        url = site.root_url + path if site is not None else path
        self.stdout.write(
            f"Embargoed story's preview link (until {link.expires_at:%Y-%m-%d %H:%M %Z}): {url}"
        )

    def ensure_front(self, home, sections):
        """The home page arranged as an editor would; once arranged, it is left as it is."""
        home = HomePage.objects.get(pk=home.pk)
        if len(home.front.raw_data):
            return
        stories = {page.slug: page for page in ArticlePage.objects.live()}
        slots = [("lead", {"story": stories[demo.FRONT["lead"]], "pinned_until": None})]
        featured = [stories[slug] for slug in demo.FRONT["featured"]]
        slots.append(("featured", {"stories": featured, "pinned_until": None}))
        for slug, count in demo.FRONT["rails"]:
            rail = {"section": sections[slug], "count": count, "pinned_until": None}
            slots.append(("section_rail", rail))
        with transaction.atomic():
            home.front = slots
            home.save_revision().publish()
        self.stdout.write("Arranged the front page")

    def correct_story(self, page, correction, now):
        with transaction.atomic():
            draft = page.get_latest_revision_as_object()
            draft.notes = [
                StoryNote(
                    kind=NoteKind.CORRECTION,
                    noted_at=now - timedelta(hours=correction["hours_ago"]),
                    text=correction["text"],
                    placement=NotePlacement.BOTTOM,
                )
            ]
            draft.save_revision().publish()
        self.stdout.write(f"Corrected {page.title}")

    def update_story(self, page, update, pages, photos):
        with transaction.atomic():
            draft = page.get_latest_revision_as_object()
            draft.body = [(block.block_type, block.value) for block in draft.body] + [
                self.block(kind, value, pages, photos) for kind, value in update["body"]
            ]
            draft.substantive_update = True
            draft.substantive_update_note = update["note"]
            draft.save_revision().publish()
        self.stdout.write(f"Updated {page.title}")

    def fill_story(self, page, spec, pages, photos, authors):
        page.kicker = spec.get("kicker", "")
        page.story_type = spec.get("story_type", "news")
        for name, value in spec.get("claim", {}).items():
            setattr(page, name, value)
        page.lead_caption = spec["lead_caption"]
        page.dateline = spec["dateline"]
        page.body = [self.block(kind, value, pages, photos) for kind, value in spec["body"]]
        page.related_links = [
            ("link", self.link(link, pages)) for link in spec.get("related_links", [])
        ]
        page.tags.set(spec["tags"])
        page.bylines = [
            ArticleByline(author=authors[slug], sort_order=index)
            for index, slug in enumerate(spec["bylines"])
        ]

    def link(self, link, pages):
        return {"page": pages.get(link["page"]), "url": link["url"], "title": link["title"]}

    def block(self, kind, value, pages, photos):
        if kind == "paragraph":
            return kind, RichText(clean_rich_text(value))
        if kind == "inline_photo":
            return kind, {**value, "photo": photos[value["photo"]]}
        if kind == "related_links":
            return kind, {
                "title": value["title"],
                "links": [self.link(link, pages) for link in value["links"]],
            }
        if kind == "embed":
            from wagtail.embeds.blocks import EmbedValue

            return kind, EmbedValue(value)
        return kind, value
