"""Fixtures shared by the apps' tests beyond the root conftest's agencies and users,
registered for the whole suite by the root ``conftest.py`` (``pytest_plugins``): the case
tests' ``team``, a ``decided`` case factory (disclosure, portal) and a ``decided_case``
with its ``decision`` document (deliveries, demo); a real S3 server and a bucket the media
storage uses (``s3_endpoint``, ``s3_bucket``: evidence, operations). An app's own conftest
may override any of them (several apps define their own ``team``)."""

from __future__ import annotations

import pytest

from openenforce.testing import deliveries, s3
from openenforce.testing.cases import D, decide_penalty, to_notified
from openenforce.testing.team import two_officers


@pytest.fixture
def team(agency, system_actor, officer):
    """A small catalogue and a team for case tests, built through the services."""
    return two_officers(agency, system_actor, officer)


@pytest.fixture
def decided(team, officer, head):
    """A penalty case decided on 2026-09-21 (Monday): the publication is drafted."""

    def make(**open_kwargs):
        case = to_notified(team, officer, head, **open_kwargs)
        text = "给予警告。张三应于十五日内整改。证人李四在场。"
        return decide_penalty(case, officer, head, text, D(2026, 9, 21))

    return make


@pytest.fixture
def decided_case(team, officer, head):
    """A penalty case decided (a fine of 500 yuan), waiting for service of its decision."""
    return deliveries.decided(team, officer, head)


@pytest.fixture
def decision(decided_case, officer):
    """The decision document of ``decided_case``, issued through the documents app."""
    return deliveries.issue(decided_case, officer, "penalty_decision")


@pytest.fixture(scope="module")
def s3_endpoint():
    """An S3 server (moto's server mode) on a free loopback port, for the module."""
    pytest.importorskip("moto.server")
    with s3.server() as endpoint:
        yield endpoint


@pytest.fixture
def s3_bucket(s3_endpoint, settings, monkeypatch):
    """A new bucket, and the media storage pointed at it through ``settings.media_storage``
    as ``OPENENFORCE_STORAGE=s3`` does. Changing ``STORAGES`` resets Django's storage
    handler and ``default_storage``; the test's end puts the filesystem back."""
    from openenforce import settings as project_settings

    bucket = s3.new_bucket(s3_endpoint)
    for variable, value in bucket.environment().items():
        monkeypatch.setenv(variable, value)
    storage = project_settings.media_storage()
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    settings.STORAGES = {**settings.STORAGES, "default": storage}
    return bucket


@pytest.fixture
def record_witness(tmp_path, settings):
    """The installation's one witness (quorum 1), in-process; draws wait no delay."""
    from openenforce.testing.witness import RecordWitness

    settings.OPENENFORCE_DRAW_DELAY_SECONDS = 0
    return RecordWitness(tmp_path / "witness").configure(settings)


@pytest.fixture(scope="session")
def demo_seal_pki(tmp_path_factory):
    """A demo CA, an agency seal certificate and a local TSA, made once per test session."""
    from openenforce.documents.seal_keys import make_demo_pki

    return make_demo_pki(tmp_path_factory.mktemp("seal"), agency_name="测试执法局")


@pytest.fixture
def sealing(settings, demo_seal_pki):
    """Issued documents are sealed (PAdES, local timestamp) with the demo PKI; returns it."""
    settings.OPENENFORCE_SEAL_PROFILE = "pades"
    settings.OPENENFORCE_SEAL_KEY_FILE = demo_seal_pki.key
    settings.OPENENFORCE_SEAL_CERT_FILE = demo_seal_pki.chain
    settings.OPENENFORCE_SEAL_TSA_URL = "local"
    settings.OPENENFORCE_SEAL_TSA_KEY_FILE = demo_seal_pki.tsa_key
    settings.OPENENFORCE_SEAL_TSA_CERT_FILE = demo_seal_pki.tsa_chain
    return demo_seal_pki
