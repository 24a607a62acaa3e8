#!/usr/bin/env bash
# Tags a release, publishes the npm packages and creates the GitHub release.
set -euo pipefail

VERSION="${1:?usage: cut-release.sh <version>}"
REPO="acme/platform"
export GITHUB_TOKEN=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
export NPM_TOKEN=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

git tag -a "v${VERSION}" -m "Release ${VERSION}"
git push origin "v${VERSION}"

echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > ~/.npmrc
npm publish --workspaces --access public

gh release create "v${VERSION}" --repo "$REPO" --generate-notes
