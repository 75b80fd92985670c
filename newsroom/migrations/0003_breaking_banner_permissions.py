from django.contrib.auth.management import create_permissions
from django.db import migrations

from articles import roles


def grant(apps, schema_editor):
    # The banner's permissions are normally made after migrate; the group needs them now.
    app_config = apps.get_app_config("newsroom_articles")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    roles.grant_banner_permissions(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0002_newsroom_roles"),
        ("newsroom_articles", "0006_breaking_news"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
