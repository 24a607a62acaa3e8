cd ~/src/infra-live
git pull --rebase
terraform -chdir=envs/prod plan -out plan.bin
ls -la
export VAULT_ADDR=https://vault.int.lumenbridge.io:8200
vault login hvs.CAESIT-JwBl5WmwbKmYGia-fK3ussn7vx4Nwqp2el7lqyannFFJDZZ9lALdwqE4FUv-_RotoOwWG_613_wGwKjCKJ2_
vault kv get -field=url secret/grafana/admin
kubectl config use-context prod-eu-1
kubectl -n lumen get pods | grep -v Running
kubectl -n lumen logs deploy/lumen-api --since=15m | grep -i error | head
export GITHUB_TOKEN=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
gh pr list --repo lumenbridge/infra-live --author @me
gh run watch
curl -s -u admin:SQuJBef77ptQBLtEf4 https://grafana.int.lumenbridge.io/api/admin/stats | jq .
history | tail -20
ssh bastion-2
redis-cli -h master.lumen-prod-cache.k3xq7v.euw1.cache.amazonaws.com --tls -a 'ksLNl3i-T_FxmI4rFzsyfYpYyvx4' info keyspace
aws sts get-caller-identity
aws s3 ls s3://lumen-warehouse-landing/orders/ | tail
exit
