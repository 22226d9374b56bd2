"""Pages of rectification notices (整改通知, docs/evaluation.md §5).

The campaign's supervisors draft a notice from the campaign page (problems pre-filled
from the results, edited by hand), issue it, and accept or return the agency's reply;
the notified agency's head and legal staff read it and reply with files. The printable
notice is a PDF. Lookups go through ``rectification.readable``: anyone else gets 404.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openenforce.accounts.models import User
from openenforce.core.pages import run_service
from openenforce.evaluation import permissions as perms
from openenforce.evaluation import rectification as service
from openenforce.evaluation.models import (
    Campaign,
    RectificationAttachment,
    RectificationNotice,
)
from openenforce.evidence.views import serve_blob

EXTRA_ROWS = 3  # blank problem lines offered below the filled ones


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not user.is_active:
        raise PermissionDenied
    return user


def _notice(request: HttpRequest, pk: int) -> RectificationNotice:
    notice = service.readable(_user(request)).filter(pk=pk).first()
    if notice is None:
        raise Http404
    return notice


def _campaign(request: HttpRequest, pk: int) -> Campaign:
    """A campaign the user manages (404 for anyone else: campaigns are the body's)."""
    user = _user(request)
    campaign = Campaign.objects.select_related("agency").filter(pk=pk).first()
    if campaign is None or not perms.may_manage(user, campaign.agency_id):
        raise Http404
    return campaign


def default_requirements() -> str:
    return _(
        "Rectify each problem listed, and report in writing by the deadline what was "
        "done, with the supporting documents."
    )


class NoticeForm(forms.Form):
    requirements = forms.CharField(
        label=gettext_lazy("Requirements"), widget=forms.Textarea(attrs={"rows": 4})
    )
    due_on = forms.DateField(
        label=gettext_lazy("Rectification deadline"), widget=forms.DateInput(attrs={"type": "date"})
    )


class NewNoticeForm(NoticeForm):
    notified = forms.TypedChoiceField(label=gettext_lazy("Agency notified"), coerce=int)
    field_order = ["notified", "requirements", "due_on"]

    def __init__(self, *args, campaign: Campaign, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["notified"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(a.pk, a.name) for a in service.notifiable_agencies(campaign)]


@require_http_methods(["GET", "POST"])
def notice_create(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    user = _user(request)
    initial = {
        "requirements": default_requirements(),
        "due_on": timezone.localdate() + datetime.timedelta(days=30),
        "notified": request.GET.get("agency", ""),
    }
    form = NewNoticeForm(request.POST or None, campaign=campaign, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        notified = service.notifiable_agencies(campaign).filter(pk=data["notified"]).first()
        outcome = run_service(
            request,
            lambda: service.create_notice(
                campaign,
                actor=user,
                notified=notified,
                requirements=data["requirements"],
                due_on=data["due_on"],
            ),
            form=form,
            success=_("The notice was drafted; check the problems before issuing it."),
        )
        if outcome.ok:
            return redirect("evaluation:rectification_edit", pk=outcome.result.pk)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "campaign": campaign}
    return render(request, "evaluation/rectification_new.html", context, status=status)


def _posted_problems(request: HttpRequest) -> list[dict[str, str]]:
    columns = [request.POST.getlist(name) for name in ("case_number", "text", "problem_class")]
    rows = []
    for number, text, problem_class in zip(*columns, strict=False):
        rows.append({"case_number": number, "text": text, "problem_class": problem_class})
    return rows


def _problem_rows(problems: list[dict]) -> list[dict]:
    blank = {"case_number": "", "text": "", "problem_class": ""}
    return [*problems, *([blank] * EXTRA_ROWS)]


@require_http_methods(["GET", "POST"])
def notice_edit(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _notice(request, pk)
    user = _user(request)
    if not service.may_manage(user, notice):
        raise Http404
    if notice.status != RectificationNotice.Status.DRAFT:
        return redirect("evaluation:rectification", pk=notice.pk)
    initial = {"requirements": notice.requirements, "due_on": notice.due_on}
    form = NoticeForm(request.POST or None, initial=initial)
    problems = notice.problems
    if request.method == "POST":
        problems = _posted_problems(request)
        if form.is_valid():
            data = form.cleaned_data
            outcome = run_service(
                request,
                lambda: service.edit_notice(
                    notice,
                    actor=user,
                    requirements=data["requirements"],
                    due_on=data["due_on"],
                    problems=problems,
                ),
                form=form,
                success=_("The notice was saved."),
            )
            if outcome.ok:
                return redirect("evaluation:rectification", pk=notice.pk)
    context = {
        "form": form,
        "notice": notice,
        "rows": _problem_rows(problems),
        "classes": RectificationNotice.ProblemClass.choices,
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "evaluation/rectification_edit.html", context, status=status)


def _class_labels() -> dict[str, str]:
    return {code: str(label) for code, label in RectificationNotice.ProblemClass.choices}


def _problems(notice: RectificationNotice) -> list[dict[str, Any]]:
    labels = _class_labels()
    return [
        {**line, "class_label": labels.get(line.get("problem_class", ""), "")}
        for line in notice.problems
    ]


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("What was rectified"), widget=forms.Textarea(attrs={"rows": 5})
    )


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


@require_GET
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _notice(request, pk)
    user = _user(request)
    replies = notice.replies.select_related("submitted_by", "decided_by").prefetch_related(
        "attachments"
    )
    today = timezone.localdate()
    context = {
        "notice": notice,
        "problems": _problems(notice),
        "replies": replies,
        "may_manage": service.may_manage(user, notice),
        "may_reply": service.may_reply(user, notice),
        "overdue": notice.awaits_reply and notice.due_on < today,
        "reply_form": ReplyForm(),
        "decision_form": DecisionForm(),
        "max_files": service.MAX_FILES,
    }
    return render(request, "evaluation/rectification_detail.html", context)


def _manage(request: HttpRequest, pk: int, call, success: str) -> HttpResponse:
    notice = _notice(request, pk)
    user = _user(request)
    if not service.may_manage(user, notice):
        raise PermissionDenied
    run_service(request, lambda: call(notice, user), success=success)
    return redirect("evaluation:rectification", pk=notice.pk)


@require_POST
def notice_issue(request: HttpRequest, pk: int) -> HttpResponse:
    return _manage(
        request,
        pk,
        lambda notice, user: service.issue(notice, actor=user),
        _("The notice was issued to the agency."),
    )


@require_POST
def notice_accept(request: HttpRequest, pk: int) -> HttpResponse:
    note = request.POST.get("note", "")
    return _manage(
        request,
        pk,
        lambda notice, user: service.accept(notice, actor=user, note=note),
        _("The rectification was accepted."),
    )


@require_POST
def notice_return(request: HttpRequest, pk: int) -> HttpResponse:
    note = request.POST.get("note", "")
    return _manage(
        request,
        pk,
        lambda notice, user: service.return_reply(notice, actor=user, note=note),
        _("The reply was returned to the agency."),
    )


@require_POST
def notice_reply(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _notice(request, pk)
    user = _user(request)
    if not service.is_agency_side(user, notice):
        raise PermissionDenied
    uploads = [(f, f.name or "") for f in request.FILES.getlist("files")]
    run_service(
        request,
        lambda: service.submit_reply_with_files(
            notice, actor=user, text=request.POST.get("text", ""), uploads=uploads
        ),
        success=_("The reply was sent to the supervising body."),
    )
    return redirect("evaluation:rectification", pk=notice.pk)


@require_GET
def notice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable notice (A4, Chinese, as sent): issued notices, or a draft for the
    body to check."""
    notice = _notice(request, pk)
    from django.conf import settings
    from weasyprint import HTML  # imported on use: it loads pango and the fonts

    with translation.override("zh-hans"):
        html = render_to_string(
            "evaluation/rectification_print.html",
            {"notice": notice, "problems": _problems(notice)},
        )
    pdf = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="rectification-{notice.pk}.pdf"'
    return response


@require_http_methods(["GET", "HEAD"])
def attachment(request: HttpRequest, pk: int) -> HttpResponseBase:
    row = (
        RectificationAttachment.objects.select_related("blob", "reply__notice")
        .filter(pk=pk)
        .first()
    )
    if row is None or not service.readable(_user(request)).filter(pk=row.reply.notice_id).exists():
        raise Http404
    return serve_blob(request, row.blob, file_name=row.file_name)


@require_GET
def notice_list(request: HttpRequest) -> HttpResponse:
    """The notices the user may read: the agency's own (head, legal staff), or all of the
    body's (its supervisors)."""
    user = _user(request)
    rows = service.readable(user).order_by("status", "due_on", "-pk")
    status = request.GET.get("status", "")
    if status in RectificationNotice.Status.values:
        rows = rows.filter(status=status)
    context = {
        "notices": rows[:500],
        "statuses": RectificationNotice.Status.choices,
        "chosen": status,
        "today": timezone.localdate(),
    }
    return render(request, "evaluation/rectification_list.html", context)
