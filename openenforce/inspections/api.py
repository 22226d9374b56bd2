"""The inspections part of the REST API (mounted by openenforce.api)."""

from ninja import Router

router = Router(tags=["inspections"])
