"""A real S3 server for the tests (moto's server mode, in a thread, on a loopback port) and
a bucket with the media storage pointed at it through the settings code a deployment uses
(``OPENENFORCE_STORAGE=s3`` and the ``OPENENFORCE_S3_*`` variables). The fixtures
``s3_endpoint`` and ``s3_bucket`` are in ``fixtures.py``; tests that use them skip where
moto is not installed."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

REGION, KEY = "us-east-1", "testing"


@contextlib.contextmanager
def server() -> Iterator[str]:
    """The endpoint URL of an S3 server running until the block ends."""
    from moto.server import ThreadedMotoServer

    running = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    running.start()
    try:
        host, port = running.get_host_and_port()
        yield f"http://{host}:{port}"
    finally:
        running.stop()


@dataclass
class Bucket:
    endpoint: str
    name: str
    client: object  # a boto3 S3 client, to look at (or tamper with) the bucket directly

    def environment(self) -> dict[str, str]:
        """The variables that point an installation's storage at this bucket."""
        return {
            "OPENENFORCE_STORAGE": "s3",
            "OPENENFORCE_S3_BUCKET": self.name,
            "OPENENFORCE_S3_ENDPOINT_URL": self.endpoint,
            "OPENENFORCE_S3_REGION": REGION,
            "OPENENFORCE_S3_ACCESS_KEY": KEY,
            "OPENENFORCE_S3_SECRET_KEY": KEY,
        }

    def stored(self) -> list[str]:
        listed = self.client.list_objects_v2(Bucket=self.name)  # type: ignore[attr-defined]
        return sorted(item["Key"] for item in listed.get("Contents", []))


def new_bucket(endpoint: str) -> Bucket:
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=KEY,
        aws_secret_access_key=KEY,
    )
    name = f"oe-test-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=name)
    return Bucket(endpoint, name, client)
