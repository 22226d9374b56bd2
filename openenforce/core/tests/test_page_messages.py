"""``core.pages.run_service``: the one way a page turns a refusal into a message."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import RequestFactory

from openenforce.core.errors import DomainError, FieldProblem, InvalidInput, WrongState
from openenforce.core.pages import form_error_text, invalid_form, report, run_service


def _request():
    request = RequestFactory().post("/")
    request._messages = CookieStorage(request)
    return request


def _texts(request) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in get_messages(request)]


class _Form(forms.Form):
    name = forms.CharField(label="名称")
    day = forms.DateField(label="日期", required=False)


def test_success_adds_the_success_message_and_returns_the_result():
    request = _request()
    outcome = run_service(request, lambda: 7, success="完成。")
    assert outcome.ok and outcome.result == 7 and outcome.error is None
    assert _texts(request) == [("success", "完成。")]


def test_success_message_may_be_built_from_the_result():
    request = _request()
    run_service(request, lambda: "A-1", success=lambda number: f"已制作 {number}")
    assert _texts(request) == [("success", "已制作 A-1")]


def test_a_domain_error_becomes_a_page_message_with_its_article():
    request = _request()

    def refuse():
        raise WrongState("案件已结案。", code="closed", article="第十条")

    outcome = run_service(request, refuse, success="不应出现")
    assert not outcome.ok and outcome.error.code == "closed"
    assert _texts(request) == [("error", "案件已结案。（第十条）")]


def test_field_problems_follow_the_message_once_each():
    request = _request()
    error = InvalidInput(
        "请检查输入。",
        problems=[
            FieldProblem("name", "请检查输入。"),
            FieldProblem("day", "日期无效。"),
            FieldProblem("cell", "不是数字。", sheet="对象", row=3, column="C"),
        ],
    )

    def refuse():
        raise error

    run_service(request, refuse)
    assert _texts(request) == [
        ("error", "请检查输入。"),
        ("error", "日期无效。"),
        ("error", "对象 第3行 C: 不是数字。"),
    ]


def test_invalid_input_problems_attach_to_the_bound_forms_fields():
    request = _request()
    form = _Form({"name": "x", "day": "2026-01-02"})
    assert form.is_valid()

    def refuse():
        raise InvalidInput(
            "输入有误。",
            problems=[FieldProblem("name", "名称已被使用。"), FieldProblem("other", "别的。")],
        )

    outcome = run_service(request, refuse, form=form)
    assert outcome.problems == {"name": "名称已被使用。", "other": "别的。"}
    assert form.errors["name"] == ["名称已被使用。"]
    assert form.non_field_errors() == ["输入有误。"]
    assert _texts(request) == []  # on the form, not as page messages
    assert "名称: 名称已被使用。" in form_error_text(form)


def test_only_domain_errors_are_caught():
    with pytest.raises(ZeroDivisionError):
        run_service(_request(), lambda: 1 / 0)


def test_a_plain_domain_error_without_problems():
    request = _request()

    def refuse():
        raise DomainError("不允许。")

    assert not run_service(request, refuse).ok
    assert _texts(request) == [("error", "不允许。")]


def test_quiet_leaves_the_refusal_to_the_page():
    request = _request()

    def refuse():
        raise DomainError("不允许。")

    outcome = run_service(request, refuse, success="不应出现", quiet=True)
    assert str(outcome.error) == "不允许。" and _texts(request) == []


def test_an_invalid_form_is_refused_like_a_service():
    request = _request()
    form = _Form({"name": "", "day": "2026-13-45"})
    assert not form.is_valid()
    error = invalid_form(form)
    assert {p.field for p in error.problems} == {"name", "day"}
    report(request, error)
    assert len(_texts(request)) == 2 and all(level == "error" for level, _ in _texts(request))
