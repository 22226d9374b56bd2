"""The campaign report (评查情况通报, docs/evaluation.md §5): its content, built from the
final results (``results.file_results`` / ``results.agency_summary``), and its digest.

``build(campaign)`` returns plain JSON-able data, independent of the reader's language
(codes, not labels; points and rates as decimal strings), so that it has one digest:

- ``campaign``: title, supervising body, agencies and procedures in scope, the closing
  period, the sample size, the dates, the re-check threshold, the rubric versions and the
  draw's commitment and result digests;
- ``totals`` and ``agencies``: files sampled, graded, mean points, 优秀 / 合格 / 不合格
  counts and 优秀率 / 合格率 (合格 counts 优秀 files too), over all and per agency;
- ``problem_classes``: problems by class (立卷 / 实体 / 程序), the number of problems and of
  files, most frequent first; ``problem_items``: by rubric item (its code and title, how
  many files, which agencies), most frequent first;
- ``exemplary``: the files graded 优秀, by points (case number, agency, procedure);
- ``files``: every sampled file (case number, agency, procedure, points, grade, veto,
  whether it was re-checked and settled);
- ``rectification``: per agency with problems, how many files and problems it must
  rectify.

``public(content)`` is what the portal shows: the same without the list of files (the
exemplary files keep their case number and agency only). Neither holds a party's,
an officer's or an evaluator's name, nor an evaluator's comment.

``digest(content)`` is SHA-256 of the canonical JSON (keys sorted, no spaces, UTF-8):
the digest of the full report is pinned in the record when it is published
(``evaluation.campaign.published``) and kept on the campaign (``report_sha256``).

Read only; nothing here writes.
"""

from __future__ import annotations

import hashlib
import json
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from openenforce.accounts.models import Agency
from openenforce.evaluation import results
from openenforce.evaluation.models import Campaign, Grade, ProblemClass, RubricVersion

FORMAT = "openenforce.evaluation-report/1"
CLASS_ORDER = [ProblemClass.FILING, ProblemClass.SUBSTANCE, ProblemClass.PROCEDURE]


def _num(value: Decimal | None, places: str = "0.1") -> str | None:
    if value is None:
        return None
    return str(Decimal(value).quantize(Decimal(places), rounding=ROUND_HALF_UP))


def _rate(part: int, whole: int) -> str | None:
    if not whole:
        return None
    return _num(Decimal(part) / Decimal(whole), "0.0001")


def _agency(agency: Agency) -> dict[str, str]:
    return {"code": agency.code, "name": agency.name}


def _campaign(campaign: Campaign) -> dict[str, Any]:
    agencies = Agency.objects.filter(pk__in=campaign.agency_ids).order_by("code")
    versions = {
        v.pk: v for v in RubricVersion.objects.filter(pk__in=campaign.rubric_versions.values())
    }
    rubrics = {}
    for procedure, pk in sorted(campaign.rubric_versions.items()):
        version = versions.get(pk)
        if version is not None:
            rubrics[procedure] = {
                "title": version.title,
                "version": version.number,
                "digest": version.digest,
                "total_points": _num(version.total_points),
                "excellent_from": _num(version.excellent_from),
                "passed_from": _num(version.passed_from),
            }
    return {
        "id": campaign.pk,
        "title": campaign.title,
        "body": _agency(campaign.agency),
        "agencies": [_agency(a) for a in agencies],
        "procedures": list(campaign.procedures),
        "closed_from": campaign.closed_from.isoformat(),
        "closed_to": campaign.closed_to.isoformat(),
        "sample_size": campaign.sample_size,
        "starts_on": campaign.starts_on.isoformat(),
        "ends_on": campaign.ends_on.isoformat(),
        "recheck_threshold": _num(campaign.recheck_threshold),
        "rubrics": rubrics,
        "seed_commitment": campaign.seed_commitment,
        "result_sha256": campaign.result_sha256,
    }


def _counts(rows: list) -> dict[str, Any]:
    """Totals over file rows (a FileRow list): sampled, graded, mean, grades, rates."""
    graded = [r for r in rows if r.points is not None]
    excellent = sum(1 for r in graded if r.grade == Grade.EXCELLENT)
    passed = sum(1 for r in graded if r.grade == Grade.PASSED)
    mean = sum((r.points for r in graded), Decimal(0)) / len(graded) if graded else None
    return {
        "sampled": len(rows),
        "graded": len(graded),
        "mean_points": _num(mean),
        "excellent": excellent,
        "passed": passed,
        "failed": len(graded) - excellent - passed,
        "excellent_rate": _rate(excellent, len(graded)),
        "pass_rate": _rate(excellent + passed, len(graded)),
    }


def _recheck_status(row: results.FileRow) -> tuple[bool, bool]:
    """(re-checked by a second evaluator, settled by the supervisor): a file scored once
    has no re-check score."""
    result = getattr(row.sampled, "result", None)
    if result is None:
        return False, False
    rechecked = getattr(result, "recheck_id", None) is not None
    return rechecked, result.status == result.Status.SETTLED


def build(campaign: Campaign) -> dict[str, Any]:
    """The report's content (see the module's docstring)."""
    rows = results.file_results(campaign)
    summary = {s.agency.pk: s for s in results.agency_summary(campaign)}
    agencies = []
    for pk, s in sorted(summary.items(), key=lambda kv: kv[1].agency.code):
        agencies.append(
            {
                **_agency(s.agency),
                **_counts([r for r in rows if r.agency.pk == pk]),
            }
        )

    classes: dict[str, dict[str, Any]] = {c: {"problems": 0, "files": set()} for c in CLASS_ORDER}
    items: dict[tuple, dict[str, Any]] = {}
    rectify: dict[int, dict[str, Any]] = {}
    for row in rows:
        for p in row.problems:
            bucket = classes.setdefault(p.problem_class, {"problems": 0, "files": set()})
            bucket["problems"] += 1
            bucket["files"].add(row.sampled.pk)
            key = (row.procedure, p.item.code, p.item.title)
            entry = items.setdefault(
                key,
                {
                    "procedure": row.procedure,
                    "code": p.item.code,
                    "title": p.item.title,
                    "group": p.group,
                    "problem_class": p.problem_class,
                    "veto": p.veto,
                    "files": set(),
                    "agencies": set(),
                    "deducted": Decimal(0),
                },
            )
            entry["files"].add(row.sampled.pk)
            entry["agencies"].add(row.agency.code)
            entry["deducted"] += p.deducted
            owed = rectify.setdefault(
                row.agency.pk, {**_agency(row.agency), "files": set(), "problems": 0, "failed": 0}
            )
            owed["files"].add(row.sampled.pk)
            owed["problems"] += 1
        if row.grade == Grade.FAILED:
            owed = rectify.setdefault(
                row.agency.pk, {**_agency(row.agency), "files": set(), "problems": 0, "failed": 0}
            )
            owed["failed"] += 1
            owed["files"].add(row.sampled.pk)

    problem_classes = sorted(
        (
            {"problem_class": c, "problems": v["problems"], "files": len(v["files"])}
            for c, v in classes.items()
        ),
        key=lambda c: (-c["problems"], CLASS_ORDER.index(c["problem_class"])),
    )
    problem_items = sorted(
        (
            {
                **{k: v for k, v in entry.items() if k not in ("files", "agencies", "deducted")},
                "files": len(entry["files"]),
                "agencies": sorted(entry["agencies"]),
                "deducted": _num(entry["deducted"]),
            }
            for entry in items.values()
        ),
        key=lambda i: (-i["files"], i["procedure"], i["code"]),
    )
    exemplary = sorted(
        (r for r in rows if r.grade == Grade.EXCELLENT),
        key=lambda r: (-(r.points or 0), r.sampled.rank),
    )
    files = []
    for row in rows:
        rechecked, settled = _recheck_status(row)
        files.append(
            {
                "rank": row.sampled.rank,
                "case_number": row.case.number or "",
                "agency": row.agency.code,
                "procedure": row.procedure,
                "points": _num(row.points),
                "grade": row.grade,
                "vetoed": row.vetoed,
                "rechecked": rechecked,
                "settled": settled,
                "problems": len(row.problems),
            }
        )
    return {
        "format": FORMAT,
        "campaign": _campaign(campaign),
        "totals": {
            **_counts(rows),
            "rechecked": sum(1 for f in files if f["rechecked"]),
            "settled": sum(1 for f in files if f["settled"]),
        },
        "agencies": agencies,
        "problem_classes": problem_classes,
        "problem_items": problem_items,
        "exemplary": [
            {
                "case_number": r.case.number or "",
                "agency": r.agency.code,
                "agency_name": r.agency.name,
                "procedure": r.procedure,
                "points": _num(r.points),
            }
            for r in exemplary
        ],
        "files": files,
        "rectification": [
            {**{k: v for k, v in owed.items() if k != "files"}, "files": len(owed["files"])}
            for owed in sorted(rectify.values(), key=lambda o: o["code"])
        ],
    }


def public(content: dict[str, Any]) -> dict[str, Any]:
    """The report as the portal publishes it: without the list of files and the draw's
    internals; the exemplary files by case number and agency only."""
    shown = {k: v for k, v in content.items() if k != "files"}
    shown["campaign"] = {
        k: v
        for k, v in content["campaign"].items()
        if k not in ("seed_commitment", "result_sha256")
    }
    shown["exemplary"] = [
        {k: e[k] for k in ("case_number", "agency", "agency_name", "procedure", "points")}
        for e in content["exemplary"]
    ]
    return shown


def canonical(content: dict[str, Any]) -> bytes:
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def digest(content: dict[str, Any]) -> str:
    """SHA-256 (hex) of the content's canonical JSON."""
    return hashlib.sha256(canonical(content)).hexdigest()


def matches_published(campaign: Campaign, content: dict[str, Any] | None = None) -> bool | None:
    """Whether the report built now is the one published (None: not published)."""
    if not campaign.report_sha256:
        return None
    return digest(content if content is not None else build(campaign)) == campaign.report_sha256
