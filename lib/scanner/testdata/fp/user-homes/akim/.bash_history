aws sso login --profile prod-readonly
export AWS_PROFILE=prod-readonly
aws sts get-caller-identity
vault login -method=oidc role=platform
vault kv get -field=password secret/grafana/admin | pbcopy
export GITHUB_TOKEN=$(gh auth token)
gh pr checkout 2291
ssh-keygen -t ed25519 -C "a.kim@lumenbridge.io" -f ~/.ssh/id_ed25519_lumen
ssh-add --apple-use-keychain ~/.ssh/id_ed25519_lumen
kubectl -n lumen create secret generic lumen-payments --from-env-file=<(vault kv get -format=json secret/payments/stripe | jq -r '.data.data|to_entries[]|"\(.key)=\(.value)"') --dry-run=client -o yaml | kubeseal -o yaml > sealed.yaml
git log --oneline -5
git commit -S -m "rotate stripe webhook secret"
gpg --list-secret-keys --keyid-format=long
curl -s -u "admin:$GRAFANA_PASSWORD" https://grafana.int.lumenbridge.io/api/health
redis-cli --tls --askpass -h master.lumen-prod-cache.k3xq7v.euw1.cache.amazonaws.com ping
history -c
