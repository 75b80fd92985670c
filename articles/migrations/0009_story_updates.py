"""Substantive updates: "Updated" is the editor's to say.

Until now a story read "Updated" whenever its last publish came more than a
minute after its first, typo fixes and demo loads included. The editor now ticks
a box on the publish that changes the story (``ArticlePage.substantive_update``).

No data migration: existing stories start with no update (``updated_at`` empty),
so they lose a label that said only "published again". Their last publish cannot
tell a typo fix from a development, nor does the ninjs import (wire copy's
``versioncreated`` is any new version). Their revisions lack the new fields and
read as unticked (the fields' defaults), so none marks an update when republished.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0008_search_index_gin'),
    ]

    operations = [
        migrations.AddField(
            model_name='articlepage',
            name='substantive_update',
            field=models.BooleanField(default=False, help_text="Tick when this publish changes what the story tells readers: new facts, a correction, a development. Readers then see 'Updated' with the time it goes live. Leave it clear for typo and style fixes. The box clears itself after publishing.", verbose_name='this publish is a substantive update'),
        ),
        migrations.AddField(
            model_name='articlepage',
            name='substantive_update_note',
            field=models.CharField(blank=True, help_text="Optional, for readers, shown next to the Updated time until the next substantive update, e.g. 'Adds the minister's response.' Needs the box above.", max_length=200, verbose_name='update note'),
        ),
        migrations.AddField(
            model_name='articlepage',
            name='update_count',
            field=models.PositiveIntegerField(default=0, editable=False, help_text='Substantive updates so far: tells a revision written before the last one.'),
        ),
        migrations.AddField(
            model_name='articlepage',
            name='update_note',
            field=models.CharField(blank=True, editable=False, help_text='The note of the last substantive update, shown next to its time.', max_length=200, verbose_name='update note shown'),
        ),
        migrations.AddField(
            model_name='articlepage',
            name='updated_at',
            field=models.DateTimeField(blank=True, editable=False, help_text="When the last substantive update went live; readers see 'Updated'.", null=True, verbose_name='updated'),
        ),
    ]
