"""The photo desk in the Wagtail admin, on the site's own image model.

Credits in the library's grid and list, the chooser and next to a chosen
photo; a bulk action to set a credit; reports of photos without credit and
of photos in use without alt text. ``media.wagtail_hooks`` registers them and
``media.apps`` installs the chooser views.
"""
