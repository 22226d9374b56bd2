"""The agency's electronic seal on issued PDFs: a PAdES signature with an RFC 3161 timestamp.

Any PDF reader (and any PAdES validator, e.g. pyHanko's) then shows, without our site,
whether the document is intact and who issued it. The signing key and certificate are
files outside the database, like the record's signing key:

- ``OPENENFORCE_SEAL_KEY_FILE`` (PEM private key, mode 600) and
  ``OPENENFORCE_SEAL_CERT_FILE`` (PEM: the agency's certificate first, then the chain up to
  the CA); an agency of a multi-agency installation may have its own pair beside them,
  ``<agency code>.key`` / ``<agency code>.pem`` in the same folder;
- ``OPENENFORCE_SEAL_TSA_URL``: an RFC 3161 time-stamping authority over HTTP(S); ``local``
  for the in-process timestamper with its own certificate (``OPENENFORCE_SEAL_TSA_KEY_FILE``,
  ``…_CERT_FILE``: the demo and the tests; a real installation names a real TSA); empty for
  no timestamp (the signature then carries only the signer's own claimed time).

Without the key files documents are issued unsealed, as before (a deploy check warns).
The format is a profile (``SealProfile``): ``pades`` today; the national electronic seal
format (GB/T 38540, SM2 with SM3) is meant to be a second profile with the same two
methods, chosen by ``OPENENFORCE_SEAL_PROFILE``.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings

PADES = "pades"
SEAL_FIELD = "AgencySeal"


@dataclass(frozen=True)
class SealMaterial:
    """What one seal is made with: the key file and the certificate chain file."""

    key_file: Path
    cert_file: Path


class SealProfile(Protocol):
    """A format of electronic seal. ``seal`` returns the sealed PDF (the input PDF's
    bytes unchanged followed by the signature, as an incremental update)."""

    code: str

    def seal(self, pdf: bytes, *, material: SealMaterial, reason: str, location: str) -> bytes: ...


def _material_for(agency_code: str) -> SealMaterial | None:
    key = Path(settings.OPENENFORCE_SEAL_KEY_FILE)
    cert = Path(settings.OPENENFORCE_SEAL_CERT_FILE)
    own_key, own_cert = key.with_name(f"{agency_code}.key"), key.with_name(f"{agency_code}.pem")
    if agency_code and own_key.is_file() and own_cert.is_file():
        return SealMaterial(own_key, own_cert)
    if key.is_file() and cert.is_file():
        return SealMaterial(key, cert)
    return None


def material_for(agency_code: str = "") -> SealMaterial | None:
    """The key and certificate that seal the agency's documents, or None when sealing is
    not configured (no profile, or no key files)."""
    if not settings.OPENENFORCE_SEAL_PROFILE:
        return None
    return _material_for(agency_code)


@functools.cache
def _signer(key_file: str, cert_file: str, mtime: float) -> Any:
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    certs = load_pem_certificates(Path(cert_file).read_bytes())
    key = load_private_key(Path(key_file).read_bytes())
    return signers.SimpleSigner(
        signing_cert=certs[0],
        signing_key=key,
        cert_registry=SimpleCertificateStore.from_certs(certs[1:]),
    )


def load_pem_certificates(data: bytes) -> list[Any]:
    """The certificates of a PEM file, as asn1crypto objects (what pyHanko takes)."""
    from asn1crypto import pem, x509

    return [x509.Certificate.load(der) for _type, _hdr, der in pem.unarmor(data, multiple=True)]


def load_private_key(data: bytes) -> Any:
    """A PEM private key as asn1crypto ``PrivateKeyInfo``."""
    from cryptography.hazmat.primitives import serialization
    from pyhanko.sign.general import load_private_key_from_pemder_data

    key = serialization.load_pem_private_key(data, password=None)
    der = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return load_private_key_from_pemder_data(der, passphrase=None)


def timestamper() -> Any:
    """The RFC 3161 client the seal asks for its timestamp (None: no timestamp)."""
    url = settings.OPENENFORCE_SEAL_TSA_URL
    if not url:
        return None
    if url == "local":
        return _local_timestamper(
            str(settings.OPENENFORCE_SEAL_TSA_KEY_FILE),
            str(settings.OPENENFORCE_SEAL_TSA_CERT_FILE),
        )
    from pyhanko.sign.timestamps.requests_client import RequestsHTTPTimeStamper

    return RequestsHTTPTimeStamper(url, timeout=10)


@functools.cache
def _local_timestamper(key_file: str, cert_file: str) -> Any:
    """The in-process time-stamping authority (pyHanko's own, RSA): for the demo and the
    tests only. Its certificate is as trustworthy as this server's clock."""
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    certs = load_pem_certificates(Path(cert_file).read_bytes())
    return DummyTimeStamper(
        tsa_cert=certs[0],
        tsa_key=load_private_key(Path(key_file).read_bytes()),
        certs_to_embed=SimpleCertificateStore.from_certs(certs[1:]),
    )


class PadesProfile:
    """PAdES baseline (ETSI EN 319 142) signatures made with pyHanko: the CMS signature
    over the PDF's bytes, the signer's certificate chain and an RFC 3161 timestamp."""

    code = PADES

    def seal(self, pdf: bytes, *, material: SealMaterial, reason: str, location: str) -> bytes:
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import signers
        from pyhanko.sign.fields import SigSeedSubFilter

        signer = _signer(
            str(material.key_file), str(material.cert_file), material.cert_file.stat().st_mtime
        )
        meta = signers.PdfSignatureMetadata(
            field_name=SEAL_FIELD,
            subfilter=SigSeedSubFilter.PADES,
            md_algorithm="sha256",
            reason=reason,
            location=location,
        )
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        pdf_signer = signers.PdfSigner(meta, signer=signer, timestamper=timestamper())
        return pdf_signer.sign_pdf(writer).getvalue()


PROFILES: dict[str, SealProfile] = {PADES: PadesProfile()}


def profile() -> SealProfile:
    """The seal format in force (``OPENENFORCE_SEAL_PROFILE``)."""
    code = settings.OPENENFORCE_SEAL_PROFILE
    if code not in PROFILES:
        raise ValueError(f"OPENENFORCE_SEAL_PROFILE={code!r}: known profiles {sorted(PROFILES)}")
    return PROFILES[code]


def seal_pdf(pdf: bytes, *, agency_code: str = "", reason: str = "", location: str = "") -> bytes:
    """``pdf`` sealed with the agency's key under the profile in force, or unchanged when
    sealing is not configured."""
    material = material_for(agency_code)
    if material is None:
        return pdf
    return profile().seal(pdf, material=material, reason=reason, location=location)


def is_configured(agency_code: str = "") -> bool:
    return material_for(agency_code) is not None
