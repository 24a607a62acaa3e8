#!/usr/bin/env bash
# Verify downloaded tool releases before baking them into the CI images.
set -euo pipefail

# HashiCorp release signing key fingerprint
HASHICORP_FPR="069A 9451 110E 9BDD 9AE2 BBC8 D786 015E FFE7 DD0D"

declare -A SHA256=(
  [terraform_1.9.8_linux_amd64.zip]=13ff6d77f09bbc3523213ce6ce2e76064d3e6d3dff29c9b393456570899eaade
  [helm-v3.16.2-linux-amd64.tar.gz]=d89bf51066a67e719dc977f165fb33241ef28deaad93774d41d94d6f13ae37b3
  [kubectl-v1.31.2]=65e25cd573f085c95376a86876d45e97cde194ee04f0c70e7921e02d3e2005a9
  [sops-v3.9.1.linux.amd64]=f2f3781547899c7b0dfc9ef1b43011c18a81cb9f6fb6c474c4205aa57abec289
)

for f in "${!SHA256[@]}"; do
  echo "${SHA256[$f]}  downloads/$f" | sha256sum -c -
done

gpg --verify downloads/terraform_1.9.8_SHA256SUMS.sig downloads/terraform_1.9.8_SHA256SUMS
gpg --fingerprint "$HASHICORP_FPR"
