"""Every document type renders from a case with the values its form asks for."""

import datetime

import pytest

from openenforce.documents import context, render
from openenforce.documents.kinds import KINDS

VALUES = {
    "date": "2026-12-31",
    "datetime": "2026-12-01T09:30",
    "decimal": "30",
    "lines": "消防器材 | 型号A | 3个 | 无",
    "document": "《行政处罚决定书》长新社罚决字〔2026〕第1号",
}


@pytest.mark.parametrize("code", sorted(KINDS))
def test_each_type_renders_its_layout(code, case):
    kind = KINDS[code]
    values = {f.name: VALUES.get(f.type, "") for f in kind.fields}
    values.update({f.name: f"〈{f.name}〉" for f in kind.fields if f.type in ("text", "textarea")})
    doc = context.build(
        kind=kind,
        agency=case.agency,
        case=case,
        values=values,
        number=f"长新社{kind.word}〔2026〕第1号",
        issued_on=datetime.date(2026, 12, 1),
    )
    html = render.render_html(doc, code="c" * 22)
    assert kind.title in html and f"长新社{kind.word}〔2026〕第1号" in html
    assert "长春新区社会事业发展局" in html and render.verify_url("c" * 22) in html
    assert "<svg" in html  # the QR code
    if kind.remedies:
        assert "行政复议" in html and "行政诉讼" in html
    for field in kind.fields:  # every value given is printed
        if field.type in ("text", "textarea"):
            assert f"〈{field.name}〉" in html, field.name
    if any(f.type == "date" for f in kind.fields):
        assert "2026年12月31日" in html
    if any(f.type == "lines" for f in kind.fields):
        assert "消防器材" in html


def test_defaults_come_from_the_case(case):
    values = context.defaults(case, KINDS["penalty_decision"])
    assert "未建立入院评估制度" in values["facts"]
    assert values["penalty"] == "警告，罚款人民币3,000.00元"


def test_the_renderer_fetches_no_file_or_url(tmp_path):
    import io

    from pypdf import PdfReader

    sheet = tmp_path / "evil.css"
    sheet.write_text('.oe-doc::after { content: "LEAKED" }')
    fragment = (
        f'<link rel="stylesheet" href="file://{sheet}"><article class="oe-doc">正文</article>'
    )
    text = PdfReader(io.BytesIO(render.render_pdf(fragment))).pages[0].extract_text()
    assert "正文" in text and "LEAKED" not in text
