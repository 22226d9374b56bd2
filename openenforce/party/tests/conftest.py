from openenforce.partyaccess.tests.conftest import _media, served_notice  # noqa: F401
