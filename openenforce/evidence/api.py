"""The evidence part of the REST API (mounted by openenforce.api)."""

from ninja import Router

router = Router(tags=["evidence"])
