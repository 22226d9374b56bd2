"""The check characters of the unified social credit code (GB 32100-2015) and of the
citizen identity number (GB 11643-1999)."""

import datetime

import pytest

from openenforce.core.identifiers import (
    BIRTH_DATE,
    CHECK,
    CREDIT_CODE_CHARS,
    FORMAT,
    credit_code_check,
    credit_code_problem,
    id_number_birth_date,
    id_number_check,
    id_number_problem,
    is_valid_credit_code,
    is_valid_id_number,
)

# Published codes of well-known companies.
VALID_CODES = ["914403001922038216", "91330100799655058B", "9144030071526726XG"]
# GB 11643-1999's own examples (a check character X; a date of birth in 1880).
VALID_IDS = ["11010519491231002X", "440524188001010014"]


@pytest.mark.parametrize("code", VALID_CODES)
def test_known_credit_codes_are_valid(code):
    assert credit_code_check(code[:17]) == code[17]
    assert credit_code_problem(code) == ""
    assert is_valid_credit_code(code)


@pytest.mark.parametrize("code", VALID_CODES)
def test_every_wrong_credit_code_check_character_is_refused(code):
    for wrong in CREDIT_CODE_CHARS.replace(code[17], ""):
        assert credit_code_problem(code[:17] + wrong) == CHECK
        assert not is_valid_credit_code(code[:17] + wrong)


@pytest.mark.parametrize(
    "code",
    [
        "",
        "91440300192203821",  # 17 characters
        "9144030019220382160",  # 19 characters
        "9144030019220382I6",  # I is not in the set (nor O, Z, S, V)
        "91440300192203821O",
        "9144030019220382 6",
        "９14403001922038216",  # a full-width digit
    ],
)
def test_a_malformed_credit_code_is_refused(code):
    assert credit_code_problem(code) == FORMAT
    assert not is_valid_credit_code(code)


def test_a_lowercase_credit_code_is_refused():
    assert credit_code_problem("91330100799655058b") == FORMAT
    assert credit_code_problem("9144030071526726xg") == FORMAT


def test_the_credit_code_check_needs_17_characters_of_the_set():
    with pytest.raises(ValueError, match="17 characters"):
        credit_code_check("9144030019220382")
    with pytest.raises(ValueError, match="17 characters"):
        credit_code_check("9144030019220382I")


@pytest.mark.parametrize("number", VALID_IDS)
def test_known_id_numbers_are_valid(number):
    assert id_number_check(number[:17]) == number[17]
    assert id_number_problem(number) == ""
    assert is_valid_id_number(number)


@pytest.mark.parametrize("number", VALID_IDS)
def test_every_wrong_id_check_character_is_refused(number):
    for wrong in "0123456789X".replace(number[17], ""):
        assert id_number_problem(number[:17] + wrong) == CHECK
        assert not is_valid_id_number(number[:17] + wrong)


@pytest.mark.parametrize(
    "number",
    [
        "",
        "11010519491231002",  # 17 characters
        "11010519491231002X1",  # 19 characters
        "110105194912310023X",  # 19 characters ending in X
        "1101051949123100A2",  # a letter among the digits
        "11010519491231002Y",  # only X may end it
        "11010519491231002x",  # a lowercase x
        "１10105194912310021",  # a full-width digit
    ],
)
def test_a_malformed_id_number_is_refused(number):
    assert id_number_problem(number) == FORMAT
    assert not is_valid_id_number(number)


@pytest.mark.parametrize("birth", ["19490231", "19491301", "19490000", "17991231"])
def test_an_id_number_without_a_real_date_of_birth_is_refused(birth):
    first17 = f"110105{birth}002"
    number = first17 + id_number_check(first17)  # the check character is right
    assert id_number_birth_date(number) is None or id_number_birth_date(number).year < 1800
    assert id_number_problem(number) == BIRTH_DATE


def test_an_id_number_born_after_today_is_refused_when_today_is_given():
    today = datetime.date(2026, 12, 6)
    first17 = "11010520261207002"
    number = first17 + id_number_check(first17)
    assert id_number_problem(number) == ""  # no today, no future to compare with
    assert id_number_problem(number, today=today) == BIRTH_DATE
    assert is_valid_id_number(number, today=today + datetime.timedelta(days=1))
    assert id_number_birth_date(number) == datetime.date(2026, 12, 7)


def test_a_leap_day_is_a_date_of_birth():
    first17 = "11010520000229002"
    assert is_valid_id_number(first17 + id_number_check(first17))
    first17 = "11010519000229002"  # 1900 was not a leap year
    assert id_number_problem(first17 + id_number_check(first17)) == BIRTH_DATE
