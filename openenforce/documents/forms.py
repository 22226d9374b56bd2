"""The issue and correction forms of a document type, parsed by a Django form built from
the type's declared fields (``documents.kinds``). It only parses: the values go to the
service as typed text, which checks them (and names each field) itself."""

from __future__ import annotations

from typing import Any

from django import forms

from openenforce.core.errors import InvalidInput
from openenforce.core.pages import invalid_form
from openenforce.documents.kinds import Kind


class DocumentForm(forms.Form):
    """A field per declared field of ``kind`` (text as typed), and ``reason`` when
    ``correcting``."""

    def __init__(self, *args: Any, kind: Kind, correcting: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.names = [f.name for f in kind.fields]
        for name in self.names:
            self.fields[name] = forms.CharField(required=False, strip=False)
        if correcting:
            self.fields["reason"] = forms.CharField(required=False, strip=False)

    def values(self) -> dict[str, str]:
        """The type's fields as typed (a field the form refused, e.g. one with a NUL
        character, as empty: ``refusal`` names it)."""
        self.is_valid()
        return {name: self.cleaned_data.get(name, "") for name in self.names}

    def reason(self) -> str:
        self.is_valid()
        return self.cleaned_data.get("reason", "")

    def refusal(self) -> InvalidInput | None:
        """The form's own refusal (None when valid)."""
        return None if self.is_valid() else invalid_form(self)


class KindChoice(forms.Form):
    """The document type posted with the issue form (else the one asked for in the URL)."""

    doc_type = forms.CharField(required=False)

    def code(self, asked: str) -> str:
        self.is_valid()
        return self.cleaned_data.get("doc_type") or asked
