"""The REST API under /api/v1/ (django-ninja). Each app contributes a router."""

from ninja import NinjaAPI

from openenforce.catalog.api import router as catalog_router
from openenforce.ledger.api import router as ledger_router

api = NinjaAPI(title="OpenEnforce API", version="1", urls_namespace="api")
api.add_router("/catalog/", catalog_router)
api.add_router("/ledger/", ledger_router)
