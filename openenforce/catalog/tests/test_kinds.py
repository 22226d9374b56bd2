"""Each list of the catalogue is described once (``catalog.kinds``): its pages, API routes
and sheet are all there and agree with the description (a field added to a schema without
a sheet header, or a header without a field, fails here); the API document is sound."""

import collections
import typing

import pytest
from django.test import Client
from django.urls import reverse
from openapi_spec_validator import validate
from pydantic import BaseModel

from openenforce.api import api
from openenforce.catalog import api as catalog_api
from openenforce.catalog import forms as catalog_forms
from openenforce.catalog import kinds, views
from openenforce.catalog.exchange import sheets
from openenforce.catalog.exchange.sheets import SHEETS_BY_NAME

# Fields a sheet or page sets otherwise than from its own column or form field.
NOT_IN_SHEET = {"Officer": {"user"}, "Certificate": {"officer"}}
OPERATIONS = {"list", "get", "create", "replace", "update"}


@pytest.mark.parametrize("kind", kinds.KINDS, ids=lambda k: k.name)
def test_every_kind_has_pages_routes_and_a_sheet_that_agree(kind):
    # Pages: the list of its own (certificates are pages of their officer) and its form.
    if kind is kinds.CERTIFICATE:
        form = catalog_forms.CertificateForm
    else:
        assert reverse("catalog:list", args=[kind.slug]) == f"/catalog/{kind.slug}/"
        page = views.KINDS[kind.slug]
        assert page.model is kind.model
        form = page.form
    assert list(form.Meta.fields) == kind.form_fields

    # API: the five operations, and schemas with exactly the described fields.
    resource = next(r for r in catalog_api.RESOURCES if r.kind is kind)
    assert resource.fields is kind.schema
    routes = {
        op.operation_id.split("_")[0]
        for path, view in catalog_api.router.path_operations.items()
        if path.startswith(f"/{kind.path}/")
        for op in view.operations
        if op.operation_id.endswith(f"_{kind.name}")
    }
    assert routes >= OPERATIONS
    out_fields = set(resource.out.model_fields)
    assert set(kind.fields) <= out_fields and kind.key in out_fields

    # Spreadsheet: a column for every described field but those set otherwise, with the
    # kind's headers in their order; a cell is required where the schema requires the field.
    assert set(kind.fields) - set(kind.headers) == NOT_IN_SHEET.get(kind.name, set())
    assert set(kind.headers) <= {kind.key, *kind.fields}
    sheet = sheets.CERTIFICATE_PART if kind is kinds.CERTIFICATE else SHEETS_BY_NAME[kind.sheet]
    assert all(c in SHEETS_BY_NAME[kind.sheet].columns for c in sheet.columns)
    columns = [(c.attr, c.header) for c in sheet.columns]
    assert columns[: len(kind.headers)] == list(kind.headers.items())
    assert not {c.attr for c in sheet.columns[len(kind.headers) :]} & set(kind.fields)
    if kind is not kinds.CERTIFICATE:  # certificate cells are required once a row has one
        required = {c.attr for c in sheet.columns if c.required}
        schema_required = {n for n, f in kind.schema.model_fields.items() if f.is_required()}
        assert required == (schema_required & set(kind.headers)) | {kind.key}


def test_the_api_create_schemas_are_the_description(db):
    document = Client().get("/api/v1/openapi.json").json()
    schemas = document["components"]["schemas"]
    for kind in kinds.KINDS:
        properties = list(schemas[f"{kind.name}Create"]["properties"])
        assert properties == [*kind.fields, kind.key]


def _schema_classes(model, found):
    if not (isinstance(model, type) and issubclass(model, BaseModel)) or model in found:
        return
    found.add(model)
    for info in model.model_fields.values():
        pending = [info.annotation]
        while pending:
            annotation = pending.pop()
            _schema_classes(annotation, found)
            pending.extend(typing.get_args(annotation))


def test_the_openapi_document_is_valid_and_no_two_schemas_share_a_name(db):
    document = Client().get("/api/v1/openapi.json").json()
    validate(document)

    found: set[type] = set()
    for _prefix, router in api._routers:
        for view in router.path_operations.values():
            for operation in view.operations:
                for model in [*operation.response_models.values(), *operation.models]:
                    _schema_classes(model, found)
    by_name = collections.defaultdict(set)
    for model in found:
        by_name[model.__name__].add(f"{model.__module__}.{model.__qualname__}")
    components = set(document["components"]["schemas"])
    clashes = {name: paths for name, paths in by_name.items() if len(paths) > 1}
    assert not {name: paths for name, paths in clashes.items() if name in components}
