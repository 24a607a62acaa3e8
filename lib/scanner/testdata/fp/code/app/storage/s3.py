"""S3 access for invoice PDFs.

Credentials come from the environment (or, on EKS, from the pod's IRSA web
identity token); nothing here holds a key.
"""

import logging
import os
from functools import lru_cache

import boto3
from botocore.config import Config

log = logging.getLogger(__name__)

BUCKET = os.environ.get("INVOICE_BUCKET", "orders-prod-invoices")
REGION = os.environ.get("AWS_REGION", "eu-central-1")


@lru_cache(maxsize=1)
def client():
    cfg = Config(region_name=REGION, retries={"max_attempts": 5, "mode": "adaptive"})
    if "AWS_WEB_IDENTITY_TOKEN_FILE" in os.environ:
        log.info("using IRSA web identity credentials")
        return boto3.client("s3", config=cfg)
    try:
        access_key = os.environ["AWS_ACCESS_KEY_ID"]
        secret_key = os.environ["AWS_SECRET_ACCESS_KEY"]
    except KeyError as missing:
        raise RuntimeError(f"{missing.args[0]} is not set; export it or use an AWS profile") from None
    session_token = os.getenv("AWS_SESSION_TOKEN")
    return boto3.client(
        "s3",
        aws_access_key_id=access_key,
        aws_secret_access_key=secret_key,
        aws_session_token=session_token,
        config=cfg,
    )


def upload_invoice(order_id: str, pdf: bytes) -> str:
    key = f"invoices/{order_id}.pdf"
    client().put_object(Bucket=BUCKET, Key=key, Body=pdf, ContentType="application/pdf", ServerSideEncryption="aws:kms")
    return key


def invoice_url(key: str, expires: int = 900) -> str:
    return client().generate_presigned_url("get_object", Params={"Bucket": BUCKET, "Key": key}, ExpiresIn=expires)
