"""Forms built from an action's typed input schema (``lifecycles.base.Input``), and the
reading of a submitted form back into the engine's ``data``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms as django_forms
from django.apps import apps
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openenforce.cases.engine import ActionOffer
from openenforce.core.params import parse_id

WIDGETS = {
    "text": "textarea",
    "date": "date",
    "datetime": "datetime-local",
    "decimal": "number",
    "int": "number",
    "bool": "checkbox",
    "choice": "select",
    "choices": "checkboxes",
    "officer": "select",
    "id": "select",
    "evidence": "checkboxes",
}
LISTS = ("choices", "evidence")  # posted as several values of one name
# Actions that cannot be taken back, confirmed on the page by a required tick (the API
# takes them as they are): what the head declares to have checked.
CONFIRM = {
    "approve_filing": _(
        "I have checked the source of the case and the facts: filing starts the decision "
        "time limit."
    ),
    "decide": _(
        "I have checked the facts, the evidence, the legal basis and the party's statement "
        "and defence: the decision is made in the agency's name."
    ),
}
# Taken by recording the service of the document in the deliveries section (its form has
# the method, the proof that method needs and takes the action): the case page sends the
# user there instead of asking for the service a second time (the API still takes them).
SERVED_BY_DELIVERY = ("serve_prior_notice", "serve_decision")
SHORT_TEXT = {"method", "document", "chair", "schedule", "amount", "reason"}


@dataclass
class FormField:
    name: str
    label: str
    widget: str
    required: bool
    help: str = ""
    choices: list[tuple[str, str]] = field(default_factory=list)
    value: Any = ""
    error: str = ""
    step: str = ""


@dataclass
class ActionForm:
    offer: ActionOffer
    fields: list[FormField]
    error: str = ""
    link: str = ""  # taken on another page (the review opinion on the review page)
    link_text: str = ""  # the link's words and what is done there (default: the review)
    link_note: str = ""
    confirm: str = ""  # the tick the action needs (CONFIRM)
    confirm_error: str = ""


def _widget(spec: dict[str, Any]) -> str:
    widget = WIDGETS.get(spec["type"], "text")
    return "text" if widget == "textarea" and spec["name"] in SHORT_TEXT else widget


def build(
    offer: ActionOffer,
    officers: list[tuple[str, str]],
    posted: QueryDict | None = None,
    problems: dict[str, str] | None = None,
) -> ActionForm:
    """The form of ``offer``; ``posted`` refills it after a refusal, ``problems`` marks fields."""
    problems = problems or {}
    fields = []
    for spec in offer.inputs:
        choices = [tuple(c) for c in spec["choices"]] if spec["type"] != "officer" else officers
        value = _initial(spec, posted)
        fields.append(
            FormField(
                name=spec["name"],
                label=spec["label"],
                widget=_widget(spec),
                required=spec["required"],
                help=spec["help"],
                choices=choices,
                value=value,
                error=problems.get(spec["name"], ""),
                step="0.01" if spec["type"] == "decimal" else "1",
            )
        )
    form = ActionForm(
        offer=offer,
        fields=fields,
        confirm=str(CONFIRM.get(offer.code, "")),
        confirm_error=problems.get("confirmed", ""),
    )
    if offer.code in SERVED_BY_DELIVERY and apps.is_installed("openenforce.deliveries"):
        form.link = "#documents-h"
        form.link_text = str(_("Issue the document and record its service"))
        form.link_note = str(
            _(
                "Service is recorded once, under “Service of documents” with the proof "
                "its method needs; recording it takes this step."
            )
        )
    return form


def _initial(spec: dict[str, Any], posted: QueryDict | None) -> Any:
    if posted is not None:
        return (
            posted.getlist(spec["name"]) if spec["type"] in LISTS else posted.get(spec["name"], "")
        )
    if spec["type"] == "date":
        return timezone.localdate().isoformat()
    if spec["type"] == "datetime":
        return timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    return [] if spec["type"] in LISTS else ""


def confirmed(code: str, posted: QueryDict) -> bool:
    """Whether the action needs no tick, or it was ticked."""
    return code not in CONFIRM or posted.get("confirmed") in ("true", "on", "1")


def read(offer: ActionOffer, posted: QueryDict) -> dict[str, Any]:
    """The engine's ``data`` from a submitted form: lists for multiple choices, booleans
    for checkboxes, trimmed text; empty fields are left out so the engine names them."""
    data: dict[str, Any] = {}
    for spec in offer.inputs:
        name, kind = spec["name"], spec["type"]
        if kind in LISTS:
            data[name] = posted.getlist(name)
        elif kind == "bool":
            data[name] = posted.get(name) in ("true", "on", "1")
        else:
            value = posted.get(name, "").strip()
            if value:
                data[name] = value
    return data


# -- the "new case" page ------------------------------------------------------------------


class OpenCaseForm(django_forms.Form):
    """The "new case" form. It only parses: the rules (and their messages) are the
    service's, so every field is optional here and ``service_kwargs`` hands the typed
    values to ``workbench.services.open_case``."""

    procedure = django_forms.CharField(label=_("Procedure"), required=False)
    matter = django_forms.CharField(label=_("Matter"), required=False)
    title = django_forms.CharField(label=_("Title"), required=False)
    source = django_forms.CharField(label=_("Source"), required=False)
    facts = django_forms.CharField(label=_("Facts"), required=False)
    party_kind = django_forms.CharField(label=_("Party"), required=False)
    party_name = django_forms.CharField(label=_("Party name"), required=False)
    party_id = django_forms.CharField(label=_("Credit code or ID number"), required=False)
    lead = django_forms.CharField(label=_("Lead handler"), required=False)
    assistants = django_forms.Field(
        label=_("Other handlers"), required=False, widget=django_forms.CheckboxSelectMultiple
    )

    def clean_matter(self) -> int | None:
        return parse_id(self.cleaned_data["matter"])

    def clean_assistants(self) -> list[str]:
        """The other handlers' officer codes (the lead is not repeated among them)."""
        chosen = self.cleaned_data["assistants"] or []
        lead = self.cleaned_data.get("lead", "")
        return [str(code)[:40] for code in chosen if str(code) != lead][:20]

    def parties(self) -> list[dict]:
        data = self.cleaned_data
        if not data["party_name"]:
            return []
        party = {"kind": data["party_kind"] or "organisation", "name": data["party_name"]}
        if data["party_id"]:
            key = "credit_code" if party["kind"] == "organisation" else "id_number"
            party[key] = data["party_id"]
            if key == "id_number":
                party["id_type"] = "resident_id"
        return [party]

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "procedure": data["procedure"],
            "matter_id": data["matter"],
            "title": data["title"],
            "source": data["source"],
            "facts": data["facts"],
            "parties": self.parties(),
            "handlers": [code for code in (data["lead"], *data["assistants"]) if code],
        }
