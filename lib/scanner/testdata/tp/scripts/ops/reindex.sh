#!/usr/bin/env bash
# Rebuild the search index from the primary catalog
set -euo pipefail

ES_URL="https://search.acme.internal:9200"
export ES_USER=reindexer
export ES_PASSWORD='u9HqmGcQjJefJZ%XMUFk'

curl -fsS -u "$ES_USER:$ES_PASSWORD" -X POST "$ES_URL/catalog-v2/_delete_by_query" -H "Content-Type: application/json" -d '{"query":{"match_all":{}}}'

curl -fsS https://catalog.acme.internal/api/admin/reindex \
  -H "Authorization: Bearer eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJvcHMtcmVpbmRleCIsInJvbGUiOiJhZG1pbiIsImlhdCI6MTczNTAwMDAwMCwiZXhwIjoxNzk4MDcyMDAwfQ.Ao5A9v8LZy4_Hdqw_C2jxXbTVDJZMAK01Kre46ekdw7F-MmvXL7K76s0eCbR5jD3THO7NoQBFbzQUymC2TuEAA" \
  -H "Content-Type: application/json" \
  -d '{"target":"catalog-v2","batch":500}'
