"""``docs/lifecycles.md`` generated from the lifecycle definitions and the rules, so the
documentation lists exactly what the engine enforces (``openenforce cases docs``)."""

from __future__ import annotations

from django.utils import translation

from openenforce.cases import rules
from openenforce.cases.gates import GATES
from openenforce.cases.lifecycles import LIFECYCLES
from openenforce.cases.lifecycles.base import Action, Lifecycle

INTRO = """# Case lifecycles

Generated from `openenforce/cases/lifecycles/` and `openenforce/cases/rules.py` by
`openenforce cases docs > docs/lifecycles.md`; a test checks that every procedure, state,
action and period below is still in the code. Chinese labels are those the staff pages and
the public flowcharts (`/cases/flowcharts/<procedure>.svg`) show.

How the engine works (`openenforce/cases/engine.py`): an action is offered when the case
is in one of its source states and the user holds one of its roles in the case's agency
(an officer only on cases they handle); its gates must be open to take it. Taking it
validates the typed inputs, runs its effects, moves the case to its target state (or the
state its outcome names), meets and starts the listed periods and writes
`cases.case.<action>` to the record, all in one transaction. Periods start and are met on
the action's effective date: its start input, else its first date input given (e.g. the
day a waiver was signed), else today. Refusals: 409 `case_wrong_state`
or `gate_<name>` with the article, 403 `case_role_required`, 422 `invalid_input`,
404 for another agency's case. Articles are kept compactly (`行政处罚法 Art 60`) and shown
through `cases.articles.cite`: `《行政处罚法》第六十条` in Chinese, `Administrative Penalty
Law Art 60` in English, on pages, flowcharts, offers, refusals and the API.

The party's periods (defence, hearing request) lapse rather than fall overdue
(`Deadline.objects.running(today)` leaves lapsed ones out of the overdue and due-soon
lists). A licence application neither accepted, rejected nor sent back within 5 working
days is deemed accepted from its receipt (行政许可法 Art 32) by
`services.deem_applications_accepted`, run daily with the notifications
(`openenforce workbench notify`). An `id` input (deciding a recusal) lists its rows as
choices, and the action is not offered when there is none.

For other apps: `engine.available_actions(case, user)` (offers with `allowed`, `reasons`,
`articles` and typed `inputs`), `engine.perform_action(case, code, actor=, data=)`,
`services.file_case(...)` / `open_lead(...)` / `add_party(...)` /
`recompute_deadlines(actor=, since=)`, `permissions.cases_for_user(user)` /
`get_case_for_user(user, pk)`, `Case.objects.open() / .overdue() / .due_soon(days) /
.handled_by(user)`, `Deadline.objects.open().overdue()`, and the REST API under
`/api/v1/cases/`. The apps built on cases (reviews, recordings, disclosure, ...) register
their gates, effects (named `<app>.<name>`, e.g. `reviews.submit_review`), input choices
and case-page panels in `cases/registry.py` from their `AppConfig.ready()`; cases never
imports them. The engine alone changes `Case.state`.

Parties are checked when they are filed (`file_case`, `add_party`): a `credit_code` must
be a unified social credit code with a correct check character (GB 32100-2015), and an
`id_number` whose `id_type` is `resident_id` a citizen ID number with a real date of birth
and a correct check character (GB 11643-1999); `openenforce.core.identifiers` does the
checking. A number that fails is refused with `InvalidInput` naming the field
(统一社会信用代码校验位不正确, 公民身份号码校验位不正确; 422 in the API). Passport and
other ID numbers are taken as written.

The facts the statistics and the annual report count are entered where they happen and set
case fields of the same name. With a penalty decision (`decide` of `penalty_ordinary`,
`decide_on_spot`): `mitigated` (减轻处罚, 行政处罚法 Art 32; only with the outcome
`penalty`) and `amount_forgone` (yuan: the fine not imposed, 轻罚/不罚金额: for a mitigated
penalty the legal minimum less the fine imposed, else the fine otherwise due; only with
`mitigated` or the outcome `no_penalty_minor`, more than zero); with `decide` of
`penalty_ordinary` also `confiscation_value_undetermined` (a confiscation whose value could
not be determined, which 罚没金额 leaves out; only when a confiscation is proposed), kept as
`Case.confiscation_value_determined` (True by default). A leniency that does not fit the
outcome is refused (422, the field named). With `record_inspection`:
`inspection_record_complete`; when the result is recorded, `Case.counted_inspection` says
whether the inspection counts as one (行政检查次数: an inspected object, a party of the case,
with a complete, detailed record, and not transferred straight into a penalty case);
`Case.objects.counted_inspections()` lists them. For a case decided `transfer_judiciary`,
`services.record_judiciary_acceptance(case, actor=, accepted_on=)` keeps
`Case.judiciary_accepted_on` (once; the case's handlers or the head; recorded as
`cases.case.judiciary_accepted`; `POST /api/v1/cases/{id}/judiciary-acceptance`).
Reconsideration and litigation against a decision are the remedies app's (`docs/remedies.md`).
"""

GATE_DOCS = {
    "two_certified_handlers": "at least two active, non-recused handlers, never contract "
    "staff, each with a certificate valid today covering the matter's field",
    "no_pending_recusal": "no recusal request waiting for the head's decision",
    "prior_notice_served": "the prior notice of the intended penalty was served",
    "defence_period_passed": "the defence and hearing-request periods have run out, "
    "unless waived in writing",
    "no_pending_hearing": "no requested hearing still to be held",
    "collective_discussion_held": "a complex or serious case went through collective discussion",
    "collective_discussion_needed": "only complex or serious cases are referred",
    "review_required": "the proposed decision is major (reviews.major.assess_major)",
    "review_passed": "not major, or its legal review passed (reviews.selectors.review_gate)",
    "hearing_available": "the intended penalty gives the right to a hearing and the request "
    "is within the period",
    "hearing_chair_independent": "the chair did not investigate the case",
    "simplified_thresholds": "a warning, or a fine within the on-the-spot limits",
    "payment_outstanding": "the fine's payment period is still open (not yet paid)",
    "fine_settled": "no fine outstanding: paid, or the court applied to for enforcement",
    "recording_made": "the agency's recording list requires no audio/video recording of the "
    "step, or the case has one (or a recorded reason why none exists)",
}


def _zh(text) -> str:
    with translation.override("zh-hans"):
        return str(text)


def _action_row(lifecycle: Lifecycle, action: Action) -> str:
    sources = ", ".join(f"`{s}`" for s in lifecycle.sources_of(action))
    if action.outcomes:
        target = "; ".join(f"{o} → `{t}`" for o, t in action.outcomes.items())
    else:
        target = f"`{action.target}`" if action.target else "(same)"
    periods = " ".join(
        [f"starts `{p}`" for p in action.starts] + [f"stops `{p}`" for p in action.stops]
    )
    gates = ", ".join(action.gates)
    roles = ", ".join(action.roles)
    return (
        f"| `{action.code}` {_zh(action.label)} | {sources} | {target} | {roles} | "
        f"{action.article} | {gates} | {periods} |"
    )


def _lifecycle(lifecycle: Lifecycle) -> list[str]:
    lines = [
        f"## `{lifecycle.code}` {_zh(lifecycle.label)}",
        "",
        f"Articles: {lifecycle.article}; case numbers `{lifecycle.number_word}`, given "
        f"{'on opening' if lifecycle.number_at == 'open' else 'by `' + lifecycle.number_at + '`'}.",
        "",
        "| state | label | article |",
        "|---|---|---|",
    ]
    for state in lifecycle.states:
        end = " (end)" if state.terminal else ""
        lines.append(f"| `{state.code}`{end} | {_zh(state.label)} | {state.article} |")
    lines += ["", "| action | from | to | roles | article | gates | periods |"]
    lines.append("|---|---|---|---|---|---|---|")
    lines += [_action_row(lifecycle, action) for action in lifecycle.actions]
    return lines + [""]


def _rules() -> list[str]:
    lines = ["## Periods and thresholds (`openenforce/cases/rules.py`)", ""]
    lines += [
        "Adjust per installation with `OPENENFORCE_RULES` (JSON), e.g. "
        '`{"defence": {"days": 5}, "simplified_fine_person": 100}`; `local` marks '
        "provincial practice rather than statute.",
        "",
        "| code | period | days | unit | article |",
        "|---|---|---|---|---|",
    ]
    for p in rules.all_periods():
        local = " (local)" if p.local else ""
        lines.append(f"| `{p.code}` | {_zh(p.label)} | {p.days} | {p.unit} | {p.article}{local} |")
    lines += ["", "| code | threshold | value | article |", "|---|---|---|---|"]
    for t in rules.all_thresholds():
        local = " (local)" if t.local else ""
        lines.append(f"| `{t.code}` | {_zh(t.label)} | {t.value} | {t.article}{local} |")
    return lines + [""]


def _gates() -> list[str]:
    lines = ["## Gates (`openenforce/cases/gates.py`)", "", "| gate | open when |", "|---|---|"]
    lines += [f"| `{name}` | {GATE_DOCS.get(name, '')} |" for name in GATES]
    return lines + [""]


def lifecycles_markdown() -> str:
    """The whole document."""
    lines = [INTRO]
    for lifecycle in LIFECYCLES.values():
        lines += _lifecycle(lifecycle)
    lines += _gates() + _rules()
    return "\n".join(lines)
