#!/usr/bin/env bash
# Nightly logical backup of the reporting database (cron on ops-1, 02:15).
set -euo pipefail

STAMP=$(date +%F)
OUT=/backups/reporting-$STAMP.sql.gz

export PGPASSWORD='1KUpIvX4-g8l%c3dJMms'
pg_dump -h reporting-db.tessellate.internal -U backup -d reporting --no-owner | gzip -9 > "$OUT"

aws s3 cp "$OUT" "s3://tessellate-db-backups/reporting/" --storage-class STANDARD_IA
find /backups -name 'reporting-*.sql.gz' -mtime +7 -delete
