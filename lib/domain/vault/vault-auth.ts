import "server-only";

/** Vault's login answer shape for a Keyward access token. */
export function vaultAuth(out: { token: string; accessor: string; ttlSeconds: number; identity: string; renewable: boolean }) {
  return {
    client_token: out.token,
    accessor: out.accessor,
    policies: ["default"],
    token_policies: ["default"],
    metadata: { role_name: out.identity },
    lease_duration: out.ttlSeconds,
    renewable: out.renewable,
    entity_id: "",
    token_type: "service",
    orphan: true,
  };
}
