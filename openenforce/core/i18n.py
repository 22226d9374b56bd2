"""Compile every ``django.po`` under the project into ``django.mo`` with polib, and find
msgids that two catalogues translate differently.

Run as ``python -m openenforce.core.i18n`` (the Makefile does); no system gettext needed.
``python -m openenforce.core.i18n --conflicts`` lists the conflicts instead.

Django merges every app's catalogue into one namespace per language: when two apps
translate the same (msgctxt, msgid) differently, the first app in INSTALLED_APPS wins
everywhere. So a msgid means one thing across the project; where the meaning differs, the
call carries a message context (``pgettext``, ``{% translate "…" context "…" %}``) and the
catalogue a ``msgctxt``. The terms are in docs/glossary.md.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def catalogues(root: Path = ROOT, language: str = "zh_Hans") -> list[Path]:
    return sorted(root.rglob(f"locale/{language}/LC_MESSAGES/django.po"))


def compile_all(root: Path = ROOT) -> list[Path]:
    compiled = []
    for po_path in catalogues(root, "*"):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        compiled.append(mo_path)
    return compiled


def translations(root: Path = ROOT, language: str = "zh_Hans") -> dict:
    """{(msgctxt, msgid): {catalogue path: msgstr}} over every active entry."""
    found: dict = defaultdict(dict)
    for po_path in catalogues(root, language):
        for entry in polib.pofile(str(po_path)):
            if entry.obsolete:
                continue
            msgstr = entry.msgstr_plural[0] if entry.msgid_plural else entry.msgstr
            found[(entry.msgctxt, entry.msgid)][po_path.relative_to(root.parent)] = msgstr
    return found


def conflicts(root: Path = ROOT, language: str = "zh_Hans") -> dict:
    """The (msgctxt, msgid) pairs that two catalogues translate differently."""
    return {
        key: by_path
        for key, by_path in translations(root, language).items()
        if len(set(by_path.values())) > 1
    }


def main(argv: list[str]) -> int:
    if "--conflicts" in argv:
        found = conflicts()
        for (msgctxt, msgid), by_path in sorted(found.items(), key=lambda kv: kv[0][1]):
            label = f"{msgctxt}|{msgid}" if msgctxt else msgid
            print(label)
            for path, msgstr in sorted(by_path.items()):
                print(f"    {msgstr!r:30} {path}")
        print(f"{len(found)} conflicting msgids")
        return 1 if found else 0
    for path in compile_all():
        print(f"compiled {path.relative_to(ROOT.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
