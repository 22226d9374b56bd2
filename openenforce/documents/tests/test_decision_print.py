"""The penalty decision as printed: the basis named once, one remedy paragraph with the
statutory periods, the lead handler first, the seal never alone on a page."""

import io

import pytest
from pypdf import PdfReader

from openenforce.accounts.models import Agency
from openenforce.cases.models import CaseHandler
from openenforce.documents import render
from openenforce.testing.record import tamper

CHANNELS = (
    "对行政执法行为不服的，可以自知道该行为之日起六十日内向长春新区管理委员会申请行政复议，"
    "或者自知道之日起六个月内向有管辖权的人民法院提起行政诉讼。"
    "执法监督投诉：长春新区司法局行政执法监督科。"
)


def test_the_basis_is_named_once(case, issue):
    """The defaults give both the same text (the matter's bases): printed once."""
    bases = "《公共场所卫生管理条例》第十四条；《公共场所卫生管理条例实施细则》第三十六条"
    html = issue(case, violated_provision=bases, penalty_basis=bases).html
    assert html.count(bases) == 1
    assert "依据上述规定，本机关决定对当事人作出如下行政处罚" in html


def test_a_separate_penalty_basis_is_printed(case, issue):
    html = issue(case, penalty_basis="《某条例》第九条").html
    assert "依据《某条例》第九条的规定" in html


@pytest.mark.tampers
def test_one_remedy_paragraph_with_the_statutory_periods(case, issue):
    tamper(Agency.objects.filter(pk=case.agency_id), remedy_channels=CHANNELS)
    html = issue(case).html
    assert html.count("六十日") == 1 and html.count("六个月") == 1
    assert "对行政执法行为不服的" not in html  # the agency's restatement is not repeated
    assert "自收到本文书之日起六十日内向长春新区管理委员会申请行政复议" in html
    assert "自收到本文书之日起六个月内向有管辖权的人民法院提起行政诉讼" in html
    assert "《中华人民共和国行政复议法》第二十条" in html
    assert "《中华人民共和国行政诉讼法》第四十六条" in html
    assert "执法监督投诉：长春新区司法局行政执法监督科。" in html  # other channels stay


def test_the_lead_handler_is_printed_first_with_the_certificate(case, issue):
    lead = case.handlers.get(role=CaseHandler.Role.LEAD).officer
    officers = issue(case).context["officers"]
    assert officers[0]["name"] == lead.name
    assert officers[0]["certificate"] == "、".join(c.number for c in lead.certificates.all())
    html = issue(case, "filing_approval").html
    names = [o["name"] for o in officers]
    assert html.index(f"{names[0]}（执法证号") < html.index(f"{names[1]}（执法证号")


def test_the_seal_is_never_alone_on_a_page(case, issue):
    """Whatever the length of the penalty, the page with the seal holds text too."""
    for lines in range(0, 14):
        penalty = "罚款3000元。\n" + "责令当事人限期改正违法行为并建立卫生检测制度。" * lines
        document = issue(case, penalty=penalty)
        reader = PdfReader(io.BytesIO(render.render_pdf(document)))
        pages = [(page.extract_text() or "").replace("\n", "") for page in reader.pages]
        sealed = [text for text in pages if "印章" in text]
        assert len(sealed) == 1, lines
        assert "强制执行" in sealed[0], (lines, sealed[0])
