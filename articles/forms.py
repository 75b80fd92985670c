"""The reader's search form."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from . import visibility
from .models import SectionPage


class SectionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, section):
        # Sub-sections are indented under their parent in the list.
        return "\u2014 " * max(section.depth - 3, 0) + section.title


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search stories"), max_length=200, required=False)
    section = SectionChoiceField(
        label=_("In section"),
        queryset=SectionPage.objects.none(),
        required=False,
        empty_label=_("All sections"),
    )

    def clean_q(self):
        # Words only: search backends give punctuation meaning (SQLite's FTS5
        # raises on a stray quote or bracket), readers don't.
        return " ".join(re.sub(r"[^\w\s]", " ", self.cleaned_data["q"]).split())

    def __init__(self, *args, site=None, **kwargs):
        super().__init__(*args, **kwargs)
        sections = visibility.readable(SectionPage.objects.all()).order_by("path")
        if site is not None:
            sections = sections.descendant_of(site.root_page)
        self.fields["section"].queryset = sections
        self.fields["q"].widget.attrs.update({"type": "search", "autocomplete": "off"})
