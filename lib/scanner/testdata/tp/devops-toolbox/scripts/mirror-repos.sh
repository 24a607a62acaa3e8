#!/usr/bin/env bash
# Mirror the legacy Bitbucket repos to GitHub (one-way, nightly until cut-over).
set -euo pipefail

WORK=/var/tmp/mirrors
REPOS=(billing-core web-legacy pricing-rules)
mkdir -p "$WORK"

for repo in "${REPOS[@]}"; do
  cd "$WORK"
  if [ ! -d "$repo.git" ]; then
    git clone --mirror "git@bitbucket.org:tessellate/$repo.git"
  fi
  cd "$repo.git"
  git fetch --prune origin
  git remote remove github 2>/dev/null || true
  git remote add github "https://tessellate-bot: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@github.com/tessellate-dev/$repo.git"
  git push --mirror github
done
