"""The editor's desk: admin-only code for the people who write and edit stories.

The dashboard's panels (``dashboard``), the story editor's form with its checks
before publishing (``forms``, ``checks``), the content checker's newsroom rules
(``userbar``) and what a new story starts with (``new_story``). Nothing below
the entry points imports this package: ``articles.apps`` and
``articles.wagtail_hooks`` register it.
"""
