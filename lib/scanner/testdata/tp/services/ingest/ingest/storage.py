"""S3 storage for raw ingest batches."""
import logging
from datetime import datetime, timezone

import boto3
from botocore.config import Config

log = logging.getLogger(__name__)

BUCKET = "acme-ingest-raw-eu"
REGION = "eu-central-1"

_s3 = boto3.client(
    "s3",
    region_name=REGION,
    aws_access_key_id="AKIAD5TWTU5TVDLINYBK",
    aws_secret_access_key="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",
    config=Config(retries={"max_attempts": 5, "mode": "adaptive"}),
)


def put_batch(source: str, payload: bytes) -> str:
    ts = datetime.now(timezone.utc).strftime("%Y/%m/%d/%H%M%S")
    key = f"{source}/{ts}.jsonl.gz"
    _s3.put_object(Bucket=BUCKET, Key=key, Body=payload, ContentEncoding="gzip")
    log.info("stored batch %s (%d bytes)", key, len(payload))
    return key
