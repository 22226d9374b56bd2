"""Schemas shared by every app's REST router (the error body and its declaration)."""

from ninja import Schema


class ProblemOut(Schema):
    """One problem with one input field (or one cell of an imported sheet)."""

    field: str
    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""


class ErrorOut(Schema):
    """The body of every error response of the API."""

    code: str
    message: str
    article: str = ""
    problems: list[ProblemOut] = []


#: Error responses to declare on an operation: ``response={200: X, **ERRORS}``.
ERRORS: dict[int, type[Schema]] = {
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}
