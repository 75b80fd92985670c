from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "newsroom"
    label = "newsroom"
    verbose_name = "Newsroom reference site"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.apps import apps
        from django.db.models.signals import post_save

        from articles.models import SectionPage

        from . import roles

        def section_created(sender, instance, created, raw=False, **kwargs):
            if created and not raw:
                roles.ensure_section_groups(apps, instance)

        post_save.connect(section_created, sender=SectionPage, weak=False)
