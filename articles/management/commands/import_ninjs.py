"""``manage.py import_ninjs``: agency copy in IPTC ninjs into a section."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from articles.ninjs import SectionNotFound, find_section, import_ninjs_files


class Command(BaseCommand):
    help = (
        "Import ninjs (IPTC JSON news) text items and their pictures as stories in a section. "
        "An item imported before (same 'uri') updates its story with a new revision. "
        "Prints one line per item and exits non-zero when any item was rejected."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="+", metavar="PATH", help="ninjs .json files, or folders of them"
        )
        parser.add_argument(
            "--section",
            required=True,
            help="Where new stories go: the section's path on the site, e.g. news/turkey",
        )
        parser.add_argument(
            "--media-root",
            help="The folder pictures may come from (default: each document's own folder)",
        )
        parser.add_argument("--site", help="The site's hostname (default: the default site)")

    def handle(self, *args, paths, section, media_root=None, site=None, **options):
        section = self.find_section(section, site)
        files = self.collect(paths)
        root = Path(media_root).resolve() if media_root else None
        if root is not None:
            # Labels are relative to the root; make the paths comparable.
            files = [path.resolve() for path in files]
        results = import_ninjs_files(files, section, root=root)
        for result in results:
            style = self.style.SUCCESS if result.ok else self.style.ERROR
            self.stdout.write(style(str(result)))
            for warning in result.warnings:
                self.stdout.write(self.style.WARNING(f"warning: {result.item} {warning}"))
        rejected = sum(not result.ok for result in results)
        if rejected:
            raise CommandError(f"{rejected} of {len(results)} items rejected")

    def find_section(self, path, hostname):
        site = None
        if hostname:
            site = Site.objects.filter(hostname=hostname).select_related("root_page").first()
            if site is None:
                raise CommandError(f"No site with hostname {hostname}.")
        try:
            return find_section(path, site)
        except SectionNotFound as error:
            raise CommandError(str(error)) from error

    def collect(self, paths):
        files = []
        for path in map(Path, paths):
            if path.is_dir():
                files += sorted(path.glob("*.json"))
            elif path.exists():
                files.append(path)
            else:
                raise CommandError(f"No such file or folder: {path}")
        if not files:
            raise CommandError("No .json files to import.")
        return files
