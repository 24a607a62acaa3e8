#!/usr/bin/env bash
# Shared helpers, sourced by the other scripts.

die() { echo "error: $*" >&2; exit 1; }

require_env() {
  local name
  for name in "$@"; do
    [ -n "${!name:-}" ] || die "$name is not set (see README: Tokens)"
  done
}

ask_password() {
  # usage: ask_password VAR "prompt"
  local __var=$1 __prompt=${2:-Password: } __pw
  read -r -s -p "$__prompt" __pw; echo
  printf -v "$__var" '%s' "$__pw"
}

vault_read() {
  # vault_read secret/data/ops/reporting-db password
  vault kv get -field="$2" "$1"
}

aws_secret() {
  aws secretsmanager get-secret-value --secret-id "$1" --query SecretString --output text
}

: "${GITLAB_URL:=https://gitlab.tessellate.dev}"
export PGPASSFILE="${PGPASSFILE:-$HOME/.pgpass}"
