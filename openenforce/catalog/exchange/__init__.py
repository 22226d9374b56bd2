"""Excel import and export of the catalogue (one workbook, one sheet per list).

``import_workbook`` and ``build_workbook``/``export_to_dir`` are the entry points used by
the staff pages and the ``openenforce catalog`` command. Each sheet's columns are defined
once, as data, in ``sheets`` (most of them built from the lists' description in
``catalog.kinds``); both directions are driven from those definitions.
"""

from openenforce.catalog.exchange.exporter import (
    build_workbook,
    export_bytes,
    export_filename,
    export_to_dir,
)
from openenforce.catalog.exchange.importer import ImportRefused, ImportReport, import_workbook
from openenforce.catalog.exchange.reader import FileRefused, check_signature

__all__ = [
    "FileRefused",
    "ImportRefused",
    "ImportReport",
    "build_workbook",
    "check_signature",
    "export_bytes",
    "export_filename",
    "export_to_dir",
    "import_workbook",
]
