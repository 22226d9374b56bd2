"""Staff pages: the rubrics a user may read, one rubric's versions, one version's items by
group with points and sources, its Excel download; for the supervising body's supervisors,
uploading a workbook as a new draft (every problem shown by sheet, row and column),
publishing or discarding the draft. Scoped (``evaluation.permissions``): anything outside
the user's reach is a 404."""

from __future__ import annotations

import io
import tempfile
from collections import OrderedDict
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from openenforce.accounts.models import Role, User
from openenforce.cases.models import Case
from openenforce.catalog.exchange import FileRefused, check_signature
from openenforce.core.errors import DomainError
from openenforce.core.pages import run_service
from openenforce.evaluation import checks, exchange, services
from openenforce.evaluation import permissions as perms
from openenforce.evaluation.models import Rubric, RubricItem, RubricVersion
from openenforce.evaluation.spec import procedure_choices

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Rubric workbook (.xlsx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.OPENENFORCE_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large; at most %(max)s MB can be imported.")
                % {"max": round(settings.OPENENFORCE_IMPORT_MAX_BYTES / 1e6, 1)}
            )
        try:
            check_signature(upload.read(8))
        except FileRefused as refused:
            raise forms.ValidationError(str(refused)) from None
        upload.seek(0)
        return upload


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not user.is_active:
        raise PermissionDenied
    return user


def _manages_own(user: User) -> bool:
    return user.agency_id is not None and perms.may_manage(user, user.agency_id)


def _procedure_labels() -> dict[str, str]:
    return {code: str(label) for code, label in procedure_choices()}


@require_GET
def rubric_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request, UploadForm())


def _list_page(
    request: HttpRequest, form: UploadForm, error: DomainError | None = None, status: int = 200
) -> HttpResponse:
    user = _user(request)
    labels = _procedure_labels()
    rubrics = perms.readable_rubrics(user).select_related("agency").order_by("agency__name", "code")
    rows = []
    for rubric in rubrics:
        current = rubric.current()
        draft = rubric.versions.filter(status=RubricVersion.Status.DRAFT).first()
        rows.append(
            {
                "rubric": rubric,
                "procedure": labels.get(rubric.procedure, rubric.procedure),
                "current": current,
                "draft": draft if rubric.agency_id == user.agency_id or user.is_superuser else None,
            }
        )
    context = {"rows": rows, "may_upload": _manages_own(user), "form": form, "error": error}
    return render(request, "evaluation/rubric_list.html", context, status=status)


@require_POST
def upload(request: HttpRequest) -> HttpResponse:
    """A workbook becomes the rubric's new draft, or nothing is written and every problem
    is listed."""
    user = _user(request)
    agency = user.agency
    if agency is None or not _manages_own(user):
        raise PermissionDenied
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _list_page(request, form, status=422)
    upload = form.cleaned_data["file"]
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "rubric.xlsx"
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        outcome = run_service(
            request,
            lambda: services.import_workbook(path, agency=agency, actor=user, origin=upload.name),
            success=_("The workbook was imported as a new draft; check it, then publish it."),
            quiet=True,
        )
    if outcome.error is not None:
        return _list_page(request, UploadForm(), error=outcome.error, status=422)
    return redirect("evaluation:version", pk=outcome.result.pk)


def _rubric(request: HttpRequest, pk: int) -> Rubric:
    rubric = perms.readable_rubrics(_user(request)).select_related("agency").filter(pk=pk).first()
    if rubric is None:
        raise Http404
    return rubric


def _version(request: HttpRequest, pk: int) -> RubricVersion:
    version = (
        perms.readable_versions(_user(request))
        .select_related("rubric", "agency", "created_by", "published_by")
        .filter(pk=pk)
        .first()
    )
    if version is None:
        raise Http404
    return version


@require_GET
def rubric_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rubric = _rubric(request, pk)
    versions = perms.readable_versions(_user(request)).filter(rubric=rubric).order_by("-number")
    context = {
        "rubric": rubric,
        "procedure": _procedure_labels().get(rubric.procedure, rubric.procedure),
        "versions": versions,
        "current": rubric.current(),
    }
    return render(request, "evaluation/rubric_detail.html", context)


def _groups(version: RubricVersion) -> list[dict]:
    groups: OrderedDict[str, dict] = OrderedDict()
    for item in version.items.order_by("position"):
        group = groups.setdefault(
            item.group,
            {"label": item.get_group_display(), "items": [], "points": 0, "veto": False},
        )
        group["items"].append({"item": item, "check": checks.label(item.check_key)})
        group["points"] += item.points
        group["veto"] = group["veto"] or item.kind == RubricItem.Kind.VETO
    return list(groups.values())


@require_GET
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(request, pk)
    user = _user(request)
    items = version.items.all()
    context = {
        "version": version,
        "rubric": version.rubric,
        "procedure": _procedure_labels().get(version.rubric.procedure, version.rubric.procedure),
        "groups": _groups(version),
        "veto_count": items.filter(kind=RubricItem.Kind.VETO).count(),
        "proposal_count": items.filter(proposal=True).count(),
        "may_manage": version.is_draft and perms.may_manage(user, version.agency_id),
    }
    return render(request, "evaluation/version_detail.html", context)


@require_GET
def version_excel(request: HttpRequest, pk: int) -> FileResponse:
    version = _version(request, pk)
    return FileResponse(
        io.BytesIO(exchange.export_bytes(exchange.spec_of(version))),
        as_attachment=True,
        filename=exchange.export_filename(version),
        content_type=XLSX_TYPE,
    )


def _change(request: HttpRequest, pk: int, call, success: str) -> HttpResponse:
    version = _version(request, pk)
    user = _user(request)
    if not perms.may_manage(user, version.agency_id):
        raise PermissionDenied
    run_service(request, lambda: call(version, actor=user), success=success)
    return redirect("evaluation:version", pk=version.pk)


@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(request, pk, services.publish_version, _("The version is in force from now on."))


@require_POST
def discard(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(request, pk, services.discard_version, _("The draft was discarded."))


def _supervising_bodies(agency) -> set[int]:
    """The bodies that supervise ``agency`` or any agency above it."""
    ids: set[int] = set()
    seen: set[int] = set()
    while agency is not None and agency.pk not in seen:
        seen.add(agency.pk)
        ids |= set(agency.supervised_by.values_list("id", flat=True))
        agency = agency.parent
    return ids


@require_GET
def preview(request: HttpRequest, case_id: int) -> HttpResponse:
    """What an evaluator will see pre-filled: the rubric in force for a closed case's
    procedure, each machine-keyed item with its finding and evidence. Only the
    supervisors of a body supervising the case's agency, and superusers (else 404)."""
    user = _user(request)
    case = Case.objects.select_related("agency", "matter").filter(pk=case_id).first()
    if case is None or case.closed_on is None:
        raise Http404
    bodies = _supervising_bodies(case.agency)
    if not user.is_superuser:
        if user.agency_id not in bodies or not user.has_role(Role.SUPERVISOR):
            raise Http404
        bodies = {user.agency_id}
    version = None
    for rubric in Rubric.objects.filter(agency_id__in=bodies, procedure=case.procedure):
        version = rubric.current()
        if version is not None:
            break
    groups = []
    if version is not None:
        for group in _groups(version):
            for row in group["items"]:
                key = row["item"].check_key
                row["finding"] = checks.run(key, case) if key else None
            groups.append(group)
    context = {
        "case": case,
        "version": version,
        "procedure": _procedure_labels().get(case.procedure, case.procedure),
        "groups": groups,
    }
    return render(request, "evaluation/preview.html", context)
