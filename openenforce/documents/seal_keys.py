"""A demonstration PKI for the seal: a demo CA, the agency's certificate it issues, and a
certificate for the in-process time-stamping authority. Made with ``cryptography``.

Only for the demo and the tests: a real installation gets its seal certificate from a
recognised CA (电子认证服务机构) and names a real TSA. Nothing here runs unless asked
(``openenforce documents seal-keys --demo``, the demo's set-up, the tests' fixtures).
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

# Demo certificates are valid over a wide, fixed window: the demo replays a year under a
# moving clock, and documents must be sealable (and validate) on every day it visits.
NOT_BEFORE = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
NOT_AFTER = datetime.datetime(2049, 12, 31, tzinfo=datetime.UTC)


@dataclass(frozen=True)
class DemoPki:
    ca_cert: Path
    key: Path
    chain: Path
    tsa_key: Path
    tsa_chain: Path


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(common: str, org: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
            x509.NameAttribute(NameOID.COMMON_NAME, common),
        ]
    )


def _cert(subject, issuer, public_key, signing_key, *, ca: bool, eku=None) -> x509.Certificate:
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOT_BEFORE)
        .not_valid_after(NOT_AFTER)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=not ca,
                content_commitment=not ca,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
    )
    if eku:
        builder = builder.add_extension(x509.ExtendedKeyUsage(eku), critical=True)
    return builder.sign(signing_key, hashes.SHA256())


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def _write_key(path: Path, key: rsa.RSAPrivateKey) -> None:
    raw = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(raw)


def _seal_cert(name: str, ca_name: x509.Name, ca_key, key) -> x509.Certificate:
    return _cert(
        _name(f"{name} 电子印章 (demo)", name), ca_name, key.public_key(), ca_key, ca=False
    )


def make_demo_pki(
    folder: Path, *, agency_name: str, agencies: tuple[tuple[str, str], ...] = ()
) -> DemoPki:
    """Write a demo CA, the installation's seal key and certificate chain (in the name of
    ``agency_name``), one pair per ``(code, name)`` of ``agencies`` (``<code>.key``,
    ``<code>.pem``), and the local TSA's key and chain into ``folder``. Returns the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    ca_key = _key()
    ca_name = _name("OpenEnforce 演示根证书 (demo CA)", "OpenEnforce demo")
    ca = _cert(ca_name, ca_name, ca_key.public_key(), ca_key, ca=True)
    agency_key, tsa_key = _key(), _key()
    agency = _seal_cert(agency_name, ca_name, ca_key, agency_key)
    for code, name in agencies:
        own_key = _key()
        _write_key(folder / f"{code}.key", own_key)
        (folder / f"{code}.pem").write_bytes(
            _pem(_seal_cert(name, ca_name, ca_key, own_key)) + _pem(ca)
        )
    tsa = _cert(
        _name("OpenEnforce 演示时间戳服务 (demo TSA)", "OpenEnforce demo"),
        ca_name,
        tsa_key.public_key(),
        ca_key,
        ca=False,
        eku=[ExtendedKeyUsageOID.TIME_STAMPING],
    )
    pki = DemoPki(
        ca_cert=folder / "demo-ca.pem",
        key=folder / "agency.key",
        chain=folder / "agency.pem",
        tsa_key=folder / "tsa.key",
        tsa_chain=folder / "tsa.pem",
    )
    pki.ca_cert.write_bytes(_pem(ca))
    _write_key(pki.key, agency_key)
    pki.chain.write_bytes(_pem(agency) + _pem(ca))
    _write_key(pki.tsa_key, tsa_key)
    pki.tsa_chain.write_bytes(_pem(tsa) + _pem(ca))
    return pki
