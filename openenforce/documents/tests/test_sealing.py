"""The agency's seal: an issued decision carries a PAdES signature with an RFC 3161
timestamp that an independent validator (pyHanko's own validation API) accepts when it
trusts the demo CA, and rejects after one byte of the file is changed."""

import io

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from openenforce.documents import sealing as seal_module
from openenforce.documents.sealing import load_pem_certificates


def signature_of(pdf: bytes):
    (signature,) = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
    return signature


def _validate(pdf: bytes, ca_file):
    roots = load_pem_certificates(ca_file.read_bytes())
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    return validate_pdf_signature(signature_of(pdf), context, ts_validation_context=context)


def test_a_sealed_decision_validates_independently(sealing, case, issue, pdf_of):
    pdf = pdf_of(issue(case))
    status = _validate(pdf, sealing.ca_cert)
    assert status.intact and status.valid and status.trusted
    assert status.bottom_line
    assert "测试执法局" in status.signing_cert.subject.human_friendly
    assert status.timestamp_validity is not None and status.timestamp_validity.valid
    assert status.timestamp_validity.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert signature_of(pdf).sig_object["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES


def test_one_changed_byte_breaks_the_seal(sealing, case, issue, pdf_of):
    pdf = pdf_of(issue(case))
    # One letter of the producer's name in the document information: the file still
    # parses and shows as before, but is no longer what the agency signed.
    at = pdf.index(b"WeasyPrint") + 2
    changed = pdf[:at] + bytes([pdf[at] ^ 0x01]) + pdf[at + 1 :]
    status = _validate(changed, sealing.ca_cert)
    assert not status.intact and not status.bottom_line


def test_another_ca_is_not_trusted(sealing, case, issue, pdf_of, tmp_path):
    from openenforce.documents.seal_keys import make_demo_pki

    stranger = make_demo_pki(tmp_path / "other", agency_name="别的机关")
    status = _validate(pdf_of(issue(case)), stranger.ca_cert)
    assert status.intact and not status.trusted and not status.bottom_line


def test_without_a_seal_key_the_document_is_issued_unsealed(case, issue, pdf_of):
    assert not seal_module.is_configured()
    reader = PdfFileReader(io.BytesIO(pdf_of(issue(case))), strict=False)
    assert reader.embedded_signatures == []


def test_the_public_digest_check_still_matches_the_sealed_file(sealing, case, issue, pdf_of):
    import hashlib

    document = issue(case)
    assert hashlib.sha256(pdf_of(document)).hexdigest() == document.sha256


def test_an_unknown_profile_is_refused(settings, sealing):
    settings.OPENENFORCE_SEAL_PROFILE = "gbt38540"
    with pytest.raises(ValueError, match="known profiles"):
        seal_module.profile()
