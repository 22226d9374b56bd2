"""Staff pages of evaluation campaigns: the bureau's supervisors list, create and edit
campaigns, add evaluators, announce and draw; the detail shows the strata with their
eligible counts, the commitment, the sample and its assignments, and the public export.
Evaluators see the files assigned to them. Scoped: a campaign is visible to the staff of
its supervising body only (a 404 for everyone else)."""

from __future__ import annotations

import json

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openenforce.accounts.models import Agency, User
from openenforce.core.pages import run_service
from openenforce.core.params import ascii_int
from openenforce.evaluation import campaigns, recheck, scoring
from openenforce.evaluation import permissions as perms
from openenforce.evaluation.models import (
    RECHECK_REASONS,
    Assignment,
    Campaign,
    RecheckPolicy,
    Recusal,
    Rubric,
    RubricVersion,
    SampledFile,
    Score,
)
from openenforce.evaluation.spec import procedure_choices


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not user.is_active:
        raise PermissionDenied
    return user


def _readable(user: User):
    return perms.readable_campaigns(user)


def _campaign(request: HttpRequest, pk: int, defer: tuple[str, ...] = ()) -> Campaign:
    campaign = (
        _readable(_user(request)).select_related("agency").defer(*defer).filter(pk=pk).first()
    )
    if campaign is None:
        raise Http404
    return campaign


class CampaignForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    agency_ids = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Agencies evaluated"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    procedures = forms.MultipleChoiceField(
        label=gettext_lazy("Procedures"), widget=forms.CheckboxSelectMultiple
    )
    closed_from = forms.DateField(
        label=gettext_lazy("Closed from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    closed_to = forms.DateField(
        label=gettext_lazy("Closed until"), widget=forms.DateInput(attrs={"type": "date"})
    )
    sample_size = forms.IntegerField(
        label=gettext_lazy("Files per agency and procedure"), min_value=1, max_value=1000, initial=5
    )
    recheck_threshold = forms.DecimalField(
        label=gettext_lazy("Points difference needing settlement"),
        min_value=0,
        max_value=100,
        decimal_places=1,
        initial=5,
        required=False,
        help_text=gettext_lazy(
            "Two scores of a file differing by more points than this (or in grade, or in "
            "a veto item) go to the supervisor to settle."
        ),
    )
    recheck_policy = forms.ChoiceField(
        label=gettext_lazy("Re-check"),
        # offered first and preselected: re-check only the files that need it
        choices=[
            (RecheckPolicy.SELECTED, RecheckPolicy.SELECTED.label),
            (RecheckPolicy.ALL, RecheckPolicy.ALL.label),
        ],
        initial=RecheckPolicy.SELECTED,
        required=False,  # not posted: every file scored twice (the model's default)
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "Every file is scored once. A second evaluator, named by the draw, re-checks a "
            "file only when a veto item failed or its points are near a grade line, when "
            "it is drawn by lot, or when the evaluated agency objects; or, as before, "
            "every file is scored twice."
        ),
    )
    recheck_margin = forms.DecimalField(
        label=gettext_lazy("Points near a grade line re-checked"),
        min_value=0,
        max_value=100,
        decimal_places=1,
        initial=3,
        required=False,
        help_text=gettext_lazy(
            "A first score this close (or closer) to the pass line or the excellence line "
            "is re-checked."
        ),
    )
    recheck_share = forms.IntegerField(
        label=gettext_lazy("Share of the other files re-checked by lot (%)"),
        min_value=0,
        max_value=100,
        initial=20,
        required=False,
        help_text=gettext_lazy(
            "Drawn when the last first score is in, from the draw's seed and the first "
            "scores, so anyone can recompute it."
        ),
    )
    objection_days = forms.IntegerField(
        label=gettext_lazy("Days for objections"),
        min_value=0,
        max_value=60,
        initial=5,
        required=False,
        help_text=gettext_lazy(
            "The evaluated agency's head and legal staff see each first score and may "
            "object, with reasons, for this many days after it is submitted (never after "
            "the campaign's end); an objection sends the file to re-check."
        ),
    )
    starts_on = forms.DateField(
        label=gettext_lazy("Starts on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=gettext_lazy("Ends on"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, agency: Agency, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        supervised = agency.supervises.order_by("code")
        agencies = self.fields["agency_ids"]
        procedures = self.fields["procedures"]
        assert isinstance(agencies, forms.TypedMultipleChoiceField)
        assert isinstance(procedures, forms.MultipleChoiceField)
        agencies.choices = [(a.pk, a.name) for a in supervised]
        # A campaign scores each procedure by the body's rubric in force: only those.
        ruled = set(
            Rubric.objects.filter(
                agency=agency, versions__status=RubricVersion.Status.PUBLISHED
            ).values_list("procedure", flat=True)
        )
        procedures.choices = [(c, str(label)) for c, label in procedure_choices() if c in ruled]
        procedures.help_text = gettext_lazy(
            "The procedures for which this body has published a rubric."
        )


def _manager_agency(user: User) -> Agency:
    agency = user.agency
    if agency is None or not perms.may_manage(user, agency.pk):
        raise PermissionDenied
    return agency


@require_GET
def campaign_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    rows = _readable(user).select_related("agency").defer(*Campaign.large())
    may_create = user.agency_id is not None and perms.may_manage(user, user.agency_id)
    return render(
        request,
        "evaluation/campaign_list.html",
        {"campaigns": rows, "may_create": may_create, "assigned": campaigns.my_assignments(user)},
    )


@require_http_methods(["GET", "POST"])
def campaign_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    agency = _manager_agency(user)
    form = CampaignForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            request,
            lambda: campaigns.create_campaign(agency, actor=user, **form.cleaned_data),
            form=form,
            success=_("The campaign was created as a draft."),
        )
        if outcome.error is None:
            return redirect("evaluation:campaign", pk=outcome.result.pk)
    status = 422 if request.method == "POST" else 200  # refused: nothing was written
    return render(request, "evaluation/campaign_form.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    user = _user(request)
    if not perms.may_manage(user, campaign.agency_id):
        raise PermissionDenied
    if campaign.status != Campaign.Status.DRAFT:
        return redirect("evaluation:campaign", pk=campaign.pk)
    fields = list(CampaignForm.base_fields)
    initial = {name: getattr(campaign, name) for name in fields}
    form = CampaignForm(request.POST or None, agency=campaign.agency, initial=initial)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            request,
            lambda: campaigns.edit_campaign(campaign, actor=user, **form.cleaned_data),
            form=form,
            success=_("The campaign was saved."),
        )
        if outcome.error is None:
            return redirect("evaluation:campaign", pk=campaign.pk)
    status = 422 if request.method == "POST" else 200  # refused: nothing was written
    context = {"form": form, "campaign": campaign}
    return render(request, "evaluation/campaign_form.html", context, status=status)


def _strata(campaign: Campaign) -> list[dict]:
    """The strata with the agency's and the procedure's names."""
    agencies = dict(Agency.objects.filter(pk__in=campaign.agency_ids).values_list("code", "name"))
    labels = {code: str(label) for code, label in procedure_choices()}
    return [
        {
            **row,
            "agency": agencies.get(row["agency"], row["agency"]),
            "procedure": labels.get(row["procedure"], row["procedure"]),
        }
        for row in campaigns.strata(campaign)
    ]


@require_GET
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk, defer=("exclusions_text", "result_text"))
    user = _user(request)
    may_manage = perms.may_manage(user, campaign.agency_id)
    labels = {code: str(label) for code, label in procedure_choices()}
    sampled = list(
        SampledFile.objects.filter(campaign=campaign)
        .select_related("case__agency", "result", "campaign")
        .defer(*Campaign.large("campaign__"))
        .prefetch_related("assignments__evaluator__user", "assignments__score")
    )
    evaluators = campaign.evaluators.select_related("user", "agency")
    draft = campaign.status == Campaign.Status.DRAFT
    context = {
        "campaign": campaign,
        "may_manage": may_manage,
        "agencies": Agency.objects.filter(pk__in=campaign.agency_ids).order_by("code"),
        "procedures": [labels.get(p, p) for p in campaign.procedures],
        "strata": _strata(campaign),
        "evaluators": evaluators,
        "candidates": (
            campaigns.evaluator_candidates(campaign).exclude(pk__in=evaluators.values("user_id"))
            if may_manage and campaign.status == Campaign.Status.DRAFT
            else []
        ),
        "sampled": _scores(sampled, user, may_manage),
        "exclusions": campaigns.exclusion_count(campaign),
        "recusals": campaign.recusals.select_related(
            "evaluator__user", "evaluator__agency", "case__agency", "created_by"
        ),
        # suggestions for the case number field, while they stay a short list
        "recusal_cases": (
            campaigns.eligible_queryset(campaign).select_related("agency").order_by("pk")[:301]
            if may_manage and draft
            else []
        ),
        "recusal_reasons": RECUSAL_REASONS,
        **_report(campaign, may_manage),
        "first_round": (
            recheck.first_round_state(campaign)
            if campaign.recheck_policy == RecheckPolicy.SELECTED
            and campaign.status in Campaign.SAMPLED_STATES
            else None
        ),
    }
    return render(request, "evaluation/campaign_detail.html", context)


def _report(campaign: Campaign, may_manage: bool) -> dict:
    """The report preview for the body's supervisors once the campaign is graded."""
    if not may_manage or campaign.status not in Campaign.REPORT_STATES:
        return {}
    from openenforce.evaluation import publication, report, report_files

    content = report.build(campaign)
    return {
        "report": report_files.present(content),
        "report_title": report_files.title(content),
        "report_matches": report.matches_published(campaign, content),
        "open_notices": (
            publication.open_notices(campaign)
            if campaign.status == Campaign.Status.PUBLISHED
            else []
        ),
    }


def _scores(sampled: list[SampledFile], user: User, may_manage: bool) -> list[dict]:
    """Per file, what the viewer may see of its two scores and its result: a score's
    points only once submitted, and never to an evaluator of the file before their own
    score is submitted (the re-check is independent)."""
    rows = []
    for one in sampled:
        assignments = list(one.assignments.all())
        mine = [a for a in assignments if a.evaluator.user_id == user.pk]
        own: Score | None = getattr(mine[0], "score", None) if mine else None
        result = getattr(one, "result", None)
        # a re-check never selected keeps nobody blind once the file is final
        never = result is not None and result.recheck_id is None
        blind = bool(mine) and (own is None or not own.is_submitted) and not never
        views = {}
        for a in assignments:
            score = getattr(a, "score", None)
            shown = score is not None and score.is_submitted and not blind
            views[a.role] = {"assignment": a, "score": score, "shown": shown}
        disputed = result is not None and result.status == result.Status.DISPUTED
        rows.append(
            {
                "file": one,
                # the reasons tell about the first score: not to an evaluator still blind
                "reasons": (
                    [RECHECK_REASONS.get(r, r) for r in one.recheck_reasons] if not blind else []
                ),
                "dormant": one.campaign.recheck_policy == RecheckPolicy.SELECTED
                and one.recheck_selected_at is None,
                "first_in": any(
                    a.role == Assignment.Role.FIRST
                    and getattr(a, "score", None) is not None
                    and a.score.is_submitted
                    for a in assignments
                ),
                "views": [views.get(r) for r in (Assignment.Role.FIRST, Assignment.Role.RECHECK)],
                "final": result if not blind else None,
                "may_settle": disputed and may_manage and not mine,
            }
        )
    return rows


def _change(request: HttpRequest, pk: int, call, success: str) -> HttpResponse:
    campaign = _campaign(request, pk)
    user = _user(request)
    if not perms.may_manage(user, campaign.agency_id):
        raise PermissionDenied
    run_service(request, lambda: call(campaign, user), success=success)
    return redirect("evaluation:campaign", pk=campaign.pk)


@require_POST
def campaign_evaluator(request: HttpRequest, pk: int) -> HttpResponse:
    raw = request.POST.get("user", "")
    candidate = User.objects.filter(pk=int(raw)).first() if raw.isdigit() else None

    def add(campaign: Campaign, user: User):
        if candidate is None:
            raise campaigns._invalid("user", _("Choose an evaluator."), "evaluator_required")
        return campaigns.add_evaluator(campaign, candidate, actor=user)

    return _change(request, pk, add, _("The evaluator was added."))


# Reasons offered as suggestions (the field stays free text): 近亲属, 曾参与办理, 利害关系.
RECUSAL_REASONS = (
    gettext_lazy("Close relative of a party or of the handling officer"),
    gettext_lazy("Took part in handling the case"),
    gettext_lazy("Other interest in the case"),
)


def _pk(request: HttpRequest, name: str) -> int | None:
    return ascii_int(request.POST.get(name, ""), minimum=1)


@require_POST
def campaign_recusal(request: HttpRequest, pk: int) -> HttpResponse:
    """Declare an (evaluator, case) recusal with its reason; the service names a wrong
    field."""
    evaluator_pk, case_pk = _pk(request, "evaluator"), _pk(request, "case")
    number = request.POST.get("case_number", "").strip()[:120]
    reason = request.POST.get("reason", "")

    def add(campaign: Campaign, user: User):
        evaluator = campaign.evaluators.filter(pk=evaluator_pk or 0).first()
        if evaluator is None:
            raise campaigns._invalid(
                "evaluator", _("Choose an evaluator of this campaign."), "recusal_bad_evaluator"
            )
        # The form names the file by its number (a city's campaign has 100,000 to choose
        # from); a client may give its id.
        files = campaigns.eligible_queryset(campaign).select_related("agency")
        found = list(files.filter(number=number)[:2] if number else files.filter(pk=case_pk or 0))
        case = found[0] if len(found) == 1 else None
        if case is None:
            raise campaigns._invalid(
                "case_number",
                _(
                    "No file of this campaign has this case number (closed within the period, of an agency and a procedure in scope)."
                ),
                "recusal_bad_case",
            )
        return campaigns.add_recusal(campaign, evaluator, case, reason=reason, actor=user)

    return _change(request, pk, add, _("The recusal was recorded."))


@require_POST
def recusal_remove(request: HttpRequest, pk: int) -> HttpResponse:
    recusal = (
        Recusal.objects.filter(campaign__in=_readable(_user(request)), pk=pk)
        .select_related("campaign")
        .defer(*Campaign.large("campaign__"))
        .first()
    )
    if recusal is None:
        raise Http404
    return _change(
        request,
        recusal.campaign_id,
        lambda campaign, user: campaigns.remove_recusal(recusal, actor=user),
        _("The recusal was withdrawn."),
    )


@require_POST
def campaign_announce(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(
        request,
        pk,
        lambda campaign, user: campaigns.announce(campaign, actor=user),
        _("The campaign is announced: the lists are frozen and the seed commitment published."),
    )


@require_POST
def campaign_draw(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(
        request,
        pk,
        lambda campaign, user: campaigns.draw(campaign, actor=user),
        _("The sample is drawn and the files assigned."),
    )


@require_GET
def campaign_export(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    if campaign.status == Campaign.Status.DRAFT:
        raise Http404
    body = json.dumps(campaigns.export(campaign), ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="campaign-{campaign.pk}-draw.json"'
    return response


@require_GET
def my_files(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    rows = [
        {"assignment": a, "open": scoring.is_open(a.sampled.campaign)}
        for a in campaigns.my_assignments(user)
    ]
    return render(request, "evaluation/my_files.html", {"rows": rows})
