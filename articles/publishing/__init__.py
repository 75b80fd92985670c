"""The write path: what a publish, unpublish, move or edit invalidates, and how.

- ``urls``: which URLs a change touches (a story's page and every page listing it);
- ``purge``: emptying them from the reader cache and the front-end cache;
- ``backends``: the retrying HTTP PURGE backend for Varnish and Squid;
- ``handlers``: the signals that set it off; ``tasks``: work done after the
  commit (embeds); ``upkeep``: what the scheduler runs hourly.
"""
