# Vault policy for the orders-api Kubernetes role.
# Bound with:
#   vault write auth/kubernetes/role/orders-api \
#     bound_service_account_names=orders-api bound_service_account_namespaces=orders \
#     policies=orders-api ttl=1h

# Read the service's own KV v2 secrets.
path "secret/data/orders-api/*" {
  capabilities = ["read"]
}

path "secret/metadata/orders-api/*" {
  capabilities = ["list", "read"]
}

# Short-lived database credentials from the database secrets engine.
path "database/creds/orders-app" {
  capabilities = ["read"]
}

# Encrypt/decrypt card tokens with transit; the key never leaves Vault.
path "transit/encrypt/orders-pii" {
  capabilities = ["update"]
}

path "transit/decrypt/orders-pii" {
  capabilities = ["update"]
}

# Renew and look up its own token.
path "auth/token/renew-self" {
  capabilities = ["update"]
}

path "auth/token/lookup-self" {
  capabilities = ["read"]
}

# Explicitly deny everything under the shared platform secrets.
path "secret/data/platform/*" {
  capabilities = ["deny"]
}
