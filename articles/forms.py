"""The reader's search form."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import visibility
from .models import SectionPage
from .text import parse_id, search_words


class SectionChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        # An id no column holds (30 digits, say) is no section, not a database error.
        if value not in self.empty_values and parse_id(value) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)

    def label_from_instance(self, section):
        # Sub-sections are indented under their parent in the list.
        return "\u2014 " * max(section.depth - 3, 0) + section.title


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search stories"), max_length=200, required=False, widget=forms.SearchInput
    )
    section = SectionChoiceField(
        label=_("In section"),
        queryset=SectionPage.objects.none(),
        required=False,
        empty_label=_("All sections"),
    )

    def clean_q(self):
        return search_words(self.cleaned_data["q"])

    def __init__(self, *args, site=None, **kwargs):
        super().__init__(*args, **kwargs)
        sections = visibility.readable(SectionPage.objects.all()).order_by("path")
        if site is not None:
            sections = sections.descendant_of(site.root_page)
        self.fields["section"].queryset = sections
        self.fields["q"].widget.attrs.update({"autocomplete": "off"})
