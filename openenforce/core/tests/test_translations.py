"""The catalogues agree: one namespace, one translation per (msgctxt, msgid).

Django merges every app's catalogue into one namespace per language, the first app in
INSTALLED_APPS winning; a msgid two apps translate differently would read wrong in one
of them (docs/glossary.md).
"""

from __future__ import annotations

import polib
import pytest
from django.utils import translation

from openenforce.core import i18n


def test_no_two_catalogues_translate_a_msgid_differently():
    found = i18n.conflicts()
    assert not found, "translated differently (python -m openenforce.core.i18n --conflicts):\n" + (
        "\n".join(
            f"{ctx + '|' if ctx else ''}{msgid}: "
            + ", ".join(f"{path}={msgstr!r}" for path, msgstr in by_path.items())
            for (ctx, msgid), by_path in found.items()
        )
    )


def test_every_msgid_has_a_translation():
    missing = []
    for path in i18n.catalogues():
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            strings = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
            if "fuzzy" in entry.flags or not all(s.strip() for s in strings):
                missing.append(f"{path.relative_to(i18n.ROOT.parent)}: {entry.msgid!r}")
    assert not missing, "untranslated or fuzzy:\n" + "\n".join(missing)


@pytest.fixture
def merged_catalogue():
    i18n.compile_all()  # only catalogues newer than their .mo
    return translation.trans_real.translation("zh-hans")._catalog


def test_our_translation_is_the_one_shown(merged_catalogue):
    """Nothing else (Django's own catalogues among them) overrides what we wrote."""
    plural = {
        (entry.msgctxt, entry.msgid)
        for path in i18n.catalogues()
        for entry in polib.pofile(str(path))
        if entry.msgid_plural
    }
    overridden = []
    for (msgctxt, msgid), by_path in i18n.translations().items():
        expected = next(iter(by_path.values()))
        key = f"{msgctxt}\x04{msgid}" if msgctxt else msgid
        shown = merged_catalogue.get((key, 0) if (msgctxt, msgid) in plural else key)
        if shown is not None and shown != expected:
            overridden.append(f"{key!r}: {expected!r} shows as {shown!r}")
    assert not overridden, "\n".join(overridden)


@pytest.mark.parametrize(
    ("context", "msgid", "expected"),
    [
        ("service", "method", "送达方式"),
        ("evidence", "title", "名称"),
        ("inspection plan", "title", "名称"),
        (None, "agency", "执法主体"),
        (None, "Filter", "筛选"),
    ],
)
def test_the_reported_labels(context, msgid, expected):
    with translation.override("zh-hans"):
        shown = translation.pgettext(context, msgid) if context else translation.gettext(msgid)
    assert shown == expected


@pytest.mark.parametrize(
    ("model", "field", "expected"),
    [
        ("deliveries.Delivery", "method", "送达方式"),
        ("evidence.EvidenceItem", "method", "收集方式"),
        ("evidence.EvidenceItem", "title", "名称"),
        ("inspections.Plan", "title", "名称"),
        ("cases.Case", "title", "案由"),
    ],
)
def test_field_labels(model, field, expected):
    from django.apps import apps

    with translation.override("zh-hans"):
        label = str(apps.get_model(model)._meta.get_field(field).verbose_name)
    assert label == expected
