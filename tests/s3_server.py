"""A real S3-compatible server for the tests: moto's server mode on a free loopback port.

The portal talks to it over HTTP through django-storages and boto3 exactly as it would to
AWS, MinIO or Ceph; nothing in boto is mocked. The server is started per test and stopped
in ``finally``, so a failing test never leaves it running.
"""

import urllib.request
import uuid
from dataclasses import dataclass

import pytest

from saker_trygg import media_storage

REGION = "eu-north-1"
KEY_ID = "portal-test-key"
SECRET = "portal-test-secret"  # noqa: S105 - moto accepts any key; this one reaches only loopback


@dataclass
class S3Bucket:
    endpoint_url: str
    name: str
    client: object

    def env(self, bucket: str | None = None) -> dict[str, str]:
        """The portal's variables for this server (and this bucket, or another one)."""
        return {
            "S3_BUCKET": bucket or self.name,
            "S3_ENDPOINT_URL": self.endpoint_url,
            "S3_REGION": REGION,
            "S3_ACCESS_KEY_ID": KEY_ID,
            "S3_SECRET_ACCESS_KEY": SECRET,
            "S3_ADDRESSING_STYLE": "path",
        }

    def create(self, bucket: str) -> None:
        self.client.create_bucket(
            Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION}
        )

    def object_keys(self, bucket: str | None = None) -> list[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=bucket or self.name)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", []))

    def read(self, key: str, bucket: str | None = None) -> bytes:
        return self.client.get_object(Bucket=bucket or self.name, Key=key)["Body"].read()


@pytest.fixture
def s3_server():
    # Imported here: moto takes about a second to import, and few tests need it.
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        url = f"http://{host}:{port}"
        # moto keeps its buckets in the process; every test starts with none.
        reset = urllib.request.Request(f"{url}/moto-api/reset", method="POST")  # noqa: S310
        urllib.request.urlopen(reset, timeout=10).close()  # noqa: S310 - loopback
        yield url
    finally:
        server.stop()


@pytest.fixture
def s3_media(s3_server, settings, monkeypatch):
    """The portal's media in a fresh private bucket, configured from the environment."""
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name=REGION,
        aws_access_key_id=KEY_ID,
        aws_secret_access_key=SECRET,
    )
    bucket = S3Bucket(s3_server, f"media-{uuid.uuid4().hex[:12]}", client)
    bucket.create(bucket.name)
    for name, value in bucket.env().items():
        monkeypatch.setenv(name, value)
    settings.STORAGES = {**settings.STORAGES, "default": media_storage.default_storage()}
    return bucket
