from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ArticlesConfig(AppConfig):
    name = "articles"
    label = "newsroom_articles"
    verbose_name = "Newsroom articles"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported once the models are: the handlers are wired to them.
        from . import checks  # noqa: F401 - registers the system checks
        from .publishing import handlers, upkeep

        handlers.register_signal_handlers()
        self.ready_roles()
        post_migrate.connect(upkeep.upkeep_after_migrate, sender=self)
        self.ready_editor()

    def ready_roles(self):
        """Groups and a workflow for each new section, when ``NEWSROOM_SECTION_ROLES`` is on."""
        from django.db.models.signals import post_save

        from .models import SectionPage
        from .roles import section_created

        post_save.connect(section_created, sender=SectionPage, dispatch_uid="newsroom_roles")

    def ready_editor(self):
        """The story editor's form, and what a new story starts with (``articles.admin``).

        Set here rather than on the model: the models do not import the admin.
        """
        from wagtail.signals import init_new_page

        from .admin.forms import ArticlePageForm
        from .admin.new_story import prepare_new_story
        from .models import ArticlePage

        ArticlePage.base_form_class = ArticlePageForm
        init_new_page.connect(prepare_new_story, dispatch_uid="newsroom_prepare_new_story")
