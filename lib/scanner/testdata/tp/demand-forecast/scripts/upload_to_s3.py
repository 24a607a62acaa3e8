"""Upload the weekly forecast parquet files to the planning team's bucket."""
import sys
from pathlib import Path

import boto3

s3 = boto3.client(
    "s3",
    region_name="eu-west-1",
    aws_access_key_id="AKIAFIONUDJQYCE6XNAC",
    aws_secret_access_key="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",
)

BUCKET = "hq-planning-forecasts"


def main(out_dir: str) -> None:
    for path in sorted(Path(out_dir).glob("*.parquet")):
        key = f"weekly/{path.name}"
        s3.upload_file(str(path), BUCKET, key)
        print(f"uploaded s3://{BUCKET}/{key}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "output")
