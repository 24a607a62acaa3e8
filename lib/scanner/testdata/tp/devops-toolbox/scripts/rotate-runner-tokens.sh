#!/usr/bin/env bash
# Re-register all group runners after the GitLab 17 upgrade.
set -euo pipefail

GITLAB_URL="https://gitlab.tessellate.dev"
# temporary - my token, revoke after the migration (ticket OPS-2291)
GITLAB_TOKEN="glpat-Vawi6VXlAOenRteX8e9m"

for group_id in 12 31 47; do
  echo "== group $group_id"
  runners=$(curl -sf --header "PRIVATE-TOKEN: $GITLAB_TOKEN" "$GITLAB_URL/api/v4/groups/$group_id/runners?type=group_type" | jq -r '.[].id')
  for r in $runners; do
    curl -sf -X POST --header "PRIVATE-TOKEN: $GITLAB_TOKEN" "$GITLAB_URL/api/v4/runners/$r/reset_authentication_token" >/dev/null
    echo "  reset runner $r"
  done
done
