"""Newsroom's groups, each section's groups and its moderation workflow: ``articles.roles``."""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.core.management.base import BaseCommand
from django.db import transaction

from ... import roles


class Command(BaseCommand):
    help = (
        "Create the Newsroom groups (contributors, editors, photo desk, administrators), and "
        "for every section its contributors, editors and moderation workflow. Adds only what "
        "is missing, so it can run again after sections are added."
    )

    def handle(self, *args, **options):
        Group = apps.get_model("auth", "Group")
        before = Group.objects.count()
        for app_config in apps.get_app_configs():
            create_permissions(app_config, verbosity=0)
        with transaction.atomic():
            roles.ensure_all(apps)
        sections = apps.get_model("newsroom_articles", "SectionPage").objects.count()
        self.stdout.write(
            f"{Group.objects.count() - before} groups added; {sections} sections have their roles."
        )
