// Every discovery connector by id: a typed map, not a switch. Add a folder under lib/connectors
// with a `Connector` and list it here (and its id in lib/domain/discovery/schemas.ts).
import type { z } from "zod";
import type { TConnectorKind } from "@/lib/domain/discovery/schemas";
import { awsSmConnector } from "./aws-sm";
import { azureKvConnector } from "./azure-kv";
import { filesystemConnector } from "./filesystem";
import { gcpSmConnector } from "./gcp-sm";
import { gitConnector } from "./git";
import { mariadbConnector } from "./mariadb";
import { postgresConnector } from "./postgres";
import { tlsConnector } from "./tls";
import type { Connector } from "./types";
import { vaultKvConnector } from "./vault-kv";

export const connectors = {
  git: gitConnector,
  filesystem: filesystemConnector,
  tls: tlsConnector,
  postgres: postgresConnector,
  mariadb: mariadbConnector,
  "vault-kv": vaultKvConnector,
  "aws-sm": awsSmConnector,
  "azure-kv": azureKvConnector,
  "gcp-sm": gcpSmConnector,
} satisfies Record<TConnectorKind, Connector<any, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any

export type TConnectorDef = (typeof connectors)[TConnectorKind];

/** The schemas alone, for validation without the connector's types leaking into callers. */
export const connectorSchemas = Object.fromEntries(
  Object.entries(connectors).map(([k, c]) => [k, { config: c.configSchema as z.ZodType, credentials: c.credentialsSchema as z.ZodType | null }]),
) as Record<TConnectorKind, { config: z.ZodType; credentials: z.ZodType | null }>;

/** A kind's human label ("AWS Secrets Manager" for "aws-sm"); an unknown kind as it is. */
export function connectorLabel(kind: string): string {
  return (connectors as Record<string, Connector | undefined>)[kind]?.label ?? kind;
}

/** What the console needs to draw each kind's form: labels and JSON Schemas (no code). */
export function connectorCatalog() {
  return (Object.keys(connectors) as TConnectorKind[]).map((kind) => {
    const c = connectors[kind] as Connector;
    const js = (s: z.ZodType | null) => (s ? (s.toJSONSchema({ io: "input", unrepresentable: "any" }) as Record<string, unknown>) : null);
    return { kind, label: c.label, description: c.description, capabilities: c.capabilities, config: js(c.configSchema), credentials: js(c.credentialsSchema) };
  });
}
