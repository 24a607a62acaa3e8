import "server-only";
// The OpenAPI 3.1 document of /api/v1, built from the same zod schemas the domain functions
// parse with (zod 4's z.toJSONSchema), so the documentation cannot drift from validation.
// Every route file under app/api/v1 needs its operations here: lib/openapi.test.ts walks the
// folder and fails on an undocumented route.
import { z } from "zod";
import type { TPermission } from "@/lib/authz/permissions";
import { ZApplicationCreate, ZApplicationDetail, ZApplicationListQuery, ZApplicationSummary, ZApplicationUpdate } from "@/lib/domain/applications/schemas";
import { ZAuditAnchorOutcome, ZAuditAnchorRequest, ZAuditAnchorRequested, ZAuditChainStatus, ZAuditEventOut, ZAuditListQuery, ZAuditVerifyRequest, ZAuditVerifyRequested } from "@/lib/domain/audit-log/schemas";
import { ZBackendCreate, ZBackendListQuery, ZBackendOut, ZBackendUpdate } from "@/lib/domain/backends/schemas";
import { ZBulkUpdateSecrets, ZCreateSecret, ZSecretExportQuery, ZSecretListQuery, ZUpdateSecret } from "@/lib/domain/inventory/schemas";
import { ZTeamCreate, ZTeamDetail, ZTeamListQuery, ZTeamSummary, ZTeamUpdate } from "@/lib/domain/teams/schemas";
import { ZCreateApiToken } from "@/lib/domain/tokens/service";
import { ZInviteUser, ZUserListQuery, ZUserOut, ZUserUpdate } from "@/lib/domain/users/schemas";
import { ZPutSecretValue, ZReadSecretValue } from "@/lib/domain/vault/schemas";
import { ZConnectorCreate, ZConnectorListQuery, ZConnectorUpdate, ZFindingListQuery, ZMigrateFindings, ZScanUpload, ZTriageFindings } from "@/lib/domain/discovery/schemas";

type Method = "get" | "post" | "put" | "patch" | "delete";
type Body = { schema: z.ZodType; contentType?: string; description?: string };
type Op = {
  method: Method;
  path: string;
  summary: string;
  description?: string;
  tag: string;
  /** The permission the domain function checks; "public" needs no authentication. */
  permission: TPermission | "public" | "grant";
  query?: z.ZodType;
  body?: z.ZodType;
  /** Status -> response body (null: no body). */
  responses: Record<number, Body | null>;
  security?: Array<Record<string, string[]>>;
};

const jsonOpts = { io: "input", unrepresentable: "any", target: "draft-2020-12" } as const;
const outOpts = { io: "output", unrepresentable: "any", target: "draft-2020-12" } as const;

function schemaOf(s: z.ZodType, io: "input" | "output" = "input") {
  const { $schema: _s, ...rest } = z.toJSONSchema(s, io === "input" ? jsonOpts : outOpts) as Record<string, unknown>;
  return rest;
}

const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

export const ZErrorBody = z.object({
  error: z.object({
    code: z.enum(["bad_request", "validation_failed", "unauthenticated", "forbidden", "not_found", "conflict", "payload_too_large", "rate_limited", "sealed", "internal"]),
    message: z.string(),
    fields: z.record(z.string(), z.array(z.string())).optional().describe("Field errors keyed by dotted path (\"_\" for the whole body)"),
  }),
});

const ZId = z.uuid();
const loose = (description: string) => z.object({}).catchall(z.unknown()).describe(description);
const ZJobRun = z.object({
  id: z.uuid(),
  kind: z.string(),
  status: z.enum(["queued", "running", "succeeded", "failed"]),
  progress: z.number().int(),
  total: z.number().int(),
  message: z.string(),
  result: z.unknown(),
  createdAt: z.iso.datetime(),
  startedAt: z.iso.datetime().nullable(),
  finishedAt: z.iso.datetime().nullable(),
});
const ZTokenOut = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  expiresAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});
const ZTokenCreated = ZTokenOut.pick({ id: true, name: true, prefix: true, createdAt: true, expiresAt: true }).extend({
  token: z.string().describe("The token itself: shown in this response only, stored as a hash"),
});
const ZSecret = loose("A secret's metadata (never its value): name, path, type, environment, classification, owner team, backend, consumers, rotation dates, tags, hygiene flags");

const json = (schema: z.ZodType, description?: string): Body => ({ schema, description });

/** CRUD for one resource: list + create on the collection, read/update/delete on {id}. */
function crud(o: {
  tag: string;
  base: string;
  noun: string;
  read: TPermission;
  write: TPermission;
  listQuery: z.ZodType;
  summary: z.ZodType;
  detail: z.ZodType;
  create: z.ZodType;
  update: z.ZodType;
  deleteNote: string;
}): Op[] {
  return [
    { method: "get", path: o.base, tag: o.tag, summary: `List ${o.noun}s`, permission: o.read, query: o.listQuery, responses: { 200: json(page(o.summary)) } },
    { method: "post", path: o.base, tag: o.tag, summary: `Create a ${o.noun}`, permission: o.write, body: o.create, responses: { 201: json(loose(`The new ${o.noun}`)), 409: json(ZErrorBody, "Name or slug taken") } },
    { method: "get", path: `${o.base}/{id}`, tag: o.tag, summary: `Get a ${o.noun}`, permission: o.read, responses: { 200: json(o.detail), 404: json(ZErrorBody) } },
    { method: "patch", path: `${o.base}/{id}`, tag: o.tag, summary: `Update a ${o.noun}`, permission: o.write, body: o.update, responses: { 200: json(loose(`The updated ${o.noun}`)), 404: json(ZErrorBody), 409: json(ZErrorBody) } },
    { method: "delete", path: `${o.base}/{id}`, tag: o.tag, summary: `Delete a ${o.noun}`, description: o.deleteNote, permission: o.write, responses: { 204: null, 404: json(ZErrorBody), 409: json(ZErrorBody, o.deleteNote) } },
  ];
}

export const operations: Op[] = [
  ...crud({
    tag: "Teams", base: "/api/v1/teams", noun: "team", read: "team:read", write: "team:write",
    listQuery: ZTeamListQuery, summary: ZTeamSummary, detail: ZTeamDetail, create: ZTeamCreate, update: ZTeamUpdate,
    deleteNote: "Refused (409) while the team still owns applications or secrets.",
  }),
  ...crud({
    tag: "Applications", base: "/api/v1/applications", noun: "application", read: "application:read", write: "application:write",
    listQuery: ZApplicationListQuery, summary: ZApplicationSummary, detail: ZApplicationDetail, create: ZApplicationCreate, update: ZApplicationUpdate,
    deleteNote: "Refused (409) while the application is recorded as consuming secrets. App owners may only manage their own teams' applications.",
  }),
  ...crud({
    tag: "Backends", base: "/api/v1/backends", noun: "backend", read: "backend:read", write: "backend:write",
    listQuery: ZBackendListQuery, summary: ZBackendOut, detail: ZBackendOut, create: ZBackendCreate, update: ZBackendUpdate,
    deleteNote: "Refused (409) while secrets still live in the backend.",
  }),
  { method: "get", path: "/api/v1/users", tag: "Users", summary: "List users", permission: "user:read", query: ZUserListQuery, responses: { 200: json(page(ZUserOut)) } },
  {
    method: "post", path: "/api/v1/users", tag: "Users", summary: "Invite a user", permission: "user:manage", body: ZInviteUser,
    description: "Without a password the account is `invited` until its first single sign-on; with one it is `active` at once.",
    responses: { 201: json(ZUserOut), 409: json(ZErrorBody, "Email already has an account") },
  },
  { method: "get", path: "/api/v1/users/{id}", tag: "Users", summary: "Get a user", permission: "user:read", responses: { 200: json(ZUserOut), 404: json(ZErrorBody) } },
  {
    method: "patch", path: "/api/v1/users/{id}", tag: "Users", summary: "Change a user's name, role, teams or status", permission: "user:manage", body: ZUserUpdate,
    description: "Refused (409) when it would leave no active admin, or when you disable yourself.",
    responses: { 200: json(ZUserOut), 404: json(ZErrorBody), 409: json(ZErrorBody) },
  },
  {
    method: "delete", path: "/api/v1/users/{id}", tag: "Users", summary: "Disable a user", permission: "user:manage",
    description: "People are disabled, never deleted; their sessions and tokens stop working at once.",
    responses: { 200: json(ZUserOut), 404: json(ZErrorBody), 409: json(ZErrorBody) },
  },
  { method: "get", path: "/api/v1/tokens", tag: "Tokens", summary: "List your personal API tokens", permission: "token:own", responses: { 200: json(z.array(ZTokenOut)) } },
  {
    method: "post", path: "/api/v1/tokens", tag: "Tokens", summary: "Create a personal API token", permission: "token:own", body: ZCreateApiToken,
    description: "Needs a signed-in session: a token cannot mint tokens. The token is returned once.",
    responses: { 201: json(ZTokenCreated) },
    security: [{ session: [] }],
  },
  { method: "delete", path: "/api/v1/tokens/{id}", tag: "Tokens", summary: "Revoke one of your tokens", permission: "token:own", responses: { 204: null, 404: json(ZErrorBody) } },
  { method: "get", path: "/api/v1/audit", tag: "Audit", summary: "List audit events", permission: "audit:read", query: ZAuditListQuery, responses: { 200: json(page(ZAuditEventOut)) } },
  {
    method: "get", path: "/api/v1/audit/verify", tag: "Audit", summary: "Audit chain verification status", permission: "audit:read",
    description: "The newest finished verification of the hash chain (run by the workers: hourly from the newest checkpoint, weekly in full) and the progress of one under way. Reading this does not verify.",
    responses: { 200: json(ZAuditChainStatus) },
  },
  {
    method: "post", path: "/api/v1/audit/verify", tag: "Audit", summary: "Verify the audit hash chain now", permission: "audit:read", body: ZAuditVerifyRequest,
    description: "Queues a verification: `incremental` checks the events after the newest checkpoint (and re-hashes the checkpoint's event), `full` the whole chain. 409 while another one is under way; poll GET /api/v1/audit/verify.",
    responses: { 202: json(ZAuditVerifyRequested), 409: json(ZErrorBody) },
  },
  {
    method: "post", path: "/api/v1/audit/anchor", tag: "Audit", summary: "Check a noted hash (an anchor)", permission: "audit:read", body: ZAuditAnchorRequest,
    description:
      "Queues a check that event `eventId` still carries `hash` (noted earlier from GET /api/v1/audit/verify's `verified`, the audit page or the worker's log line) and that the chain from it to the head verifies. " +
      "A chain rewritten consistently from that event or before, checkpoints included, fails here: the noted hash is not in the database. " +
      "Poll GET /api/v1/jobs/{id} with the returned jobRunId (your own runs are readable without hygiene:run): its `message` says the outcome in words, its `result` is an `AuditAnchorOutcome` (components.schemas). Recorded as audit.verify.requested and audit.anchor_checked events. 409 while another verification of yours is under way.",
    responses: { 202: json(ZAuditAnchorRequested), 409: json(ZErrorBody) },
  },

  // Inventory (schemas from lib/domain/inventory/schemas.ts).
  { method: "get", path: "/api/v1/secrets", tag: "Secrets", summary: "List secrets (metadata)", description: "Team-scoped roles see their teams' secrets only.", permission: "secret:read", query: ZSecretListQuery, responses: { 200: json(page(ZSecret)) } },
  { method: "post", path: "/api/v1/secrets", tag: "Secrets", summary: "Record a secret (metadata only)", permission: "secret:create", body: ZCreateSecret, responses: { 201: json(ZSecret), 409: json(ZErrorBody) } },
  { method: "get", path: "/api/v1/secrets/{id}", tag: "Secrets", summary: "Get a secret's metadata", permission: "secret:read", responses: { 200: json(ZSecret), 404: json(ZErrorBody) } },
  { method: "patch", path: "/api/v1/secrets/{id}", tag: "Secrets", summary: "Update a secret's metadata", permission: "secret:update", body: ZUpdateSecret, responses: { 200: json(ZSecret), 404: json(ZErrorBody), 409: json(ZErrorBody) } },
  { method: "delete", path: "/api/v1/secrets/{id}", tag: "Secrets", summary: "Delete a secret", permission: "secret:delete", responses: { 204: null, 404: json(ZErrorBody) } },
  { method: "post", path: "/api/v1/secrets/bulk", tag: "Secrets", summary: "Set owner team or classification on many secrets (all or nothing)", permission: "secret:update", body: ZBulkUpdateSecrets, responses: { 200: json(z.object({ updated: z.number().int() })) } },
  {
    method: "get", path: "/api/v1/secrets/export", tag: "Secrets", summary: "Export the filtered secrets as CSV", permission: "secret:export", query: ZSecretExportQuery,
    responses: { 200: { schema: z.string(), contentType: "text/csv", description: "One row per secret, metadata only" } },
  },
  { method: "post", path: "/api/v1/jobs/hygiene", tag: "Jobs", summary: "Start a hygiene check", description: "Poll GET /api/v1/jobs/{id} for progress.", permission: "hygiene:run", responses: { 202: json(ZJobRun) } },
  { method: "get", path: "/api/v1/jobs/{id}", tag: "Jobs", summary: "Get a job run's progress", description: "Your own runs, or any run with hygiene:run.", permission: "hygiene:run", responses: { 200: json(ZJobRun), 404: json(ZErrorBody) } },

  // Vault values (lib/domain/vault/schemas.ts).
  {
    method: "get", path: "/api/v1/secrets/value", tag: "Vault", summary: "Read a secret value", permission: "grant", query: ZReadSecretValue,
    description: "Workloads (Bearer kw_wt_…) and people with an explicit grant (X-Keyward-Reason header required). Every read is audited; If-None-Match gives 304 when unchanged.",
    responses: { 200: json(loose("secretId, path, version, stage, createdAt, value or data")), 304: null, 403: json(ZErrorBody), 404: json(ZErrorBody) },
    security: [{ workloadToken: [] }, { personalToken: [] }, { session: [] }],
  },
  {
    method: "put", path: "/api/v1/secrets/value", tag: "Vault", summary: "Store a new secret version", permission: "grant", body: ZPutSecretValue,
    description: "Developers may write prod values they can never read back. `cas` gives check-and-set.",
    responses: { 201: json(loose("secretId, path, version")), 409: json(ZErrorBody, "cas mismatch") },
    security: [{ workloadToken: [] }, { personalToken: [] }, { session: [] }],
  },
  {
    method: "post", path: "/api/v1/secrets/value", tag: "Vault", summary: "Store a new secret version (same as PUT)", permission: "grant", body: ZPutSecretValue,
    responses: { 201: json(loose("secretId, path, version")), 409: json(ZErrorBody, "cas mismatch") },
    security: [{ workloadToken: [] }, { personalToken: [] }, { session: [] }],
  },

  // Discovery (lib/domain/discovery/schemas.ts).
  {
    method: "get", path: "/api/v1/findings", tag: "Findings", summary: "List findings (hardcoded secrets)", permission: "finding:read", query: ZFindingListQuery,
    description: "Fingerprints and 4-character previews, never values. Team-scoped roles see their teams' findings. `groupBy=repository` answers one row per repository with counts.",
    responses: { 200: json(page(loose("A finding: rule, severity, status, owner team, first/last seen, latest location; or a repository group"))) },
  },
  { method: "get", path: "/api/v1/findings/{id}", tag: "Findings", summary: "Get a finding with its locations", permission: "finding:read", responses: { 200: json(loose("The finding and up to 500 locations (repository, file, line, commit, author, date)")), 404: json(ZErrorBody) } },
  {
    method: "post", path: "/api/v1/findings/triage", tag: "Findings", summary: "Set the status of many findings (all or nothing)", permission: "finding:triage", body: ZTriageFindings,
    description: "Accepted risk needs `acceptedUntil` (at most a year ahead) and a note; a lapsed acceptance opens again when the secret is found again.",
    responses: { 200: json(z.object({ updated: z.number().int() })), 404: json(ZErrorBody) },
  },
  {
    method: "post", path: "/api/v1/findings/migrate", tag: "Findings", summary: "Migrate findings to the vault", permission: "finding:triage", body: ZMigrateFindings,
    description: "Creates one inventory entry per finding in the Keyward vault backend, pending rotation (needs secret:create too), and links it. No value is copied: Keyward never had it.",
    responses: { 200: json(z.object({ migrated: z.array(z.object({ findingId: z.uuid(), secretId: z.uuid(), path: z.string() })), skipped: z.array(loose("finding id and reason")), failed: z.array(loose("finding id and message")) })) },
  },
  {
    method: "post", path: "/api/v1/discovery/scans", tag: "Findings", summary: "Upload a CI scan (keyward scan --upload)", permission: "finding:upload", body: ZScanUpload,
    description:
      "The findings of a `keyward scan --format json` report plus the repository, commit and ref, recorded like a connector run in one transaction: one finding per fingerprint, a location per place (source `ci-upload`), and the compromise check against stored secrets. Owner: the team of a git connector with the same URL, else `ownerTeamId`, else the uploader's only team; app owners upload for their own teams. Body up to 4 MiB and 5000 findings. Fingerprints must be computed with the server's key (GET /api/v1/discovery/fingerprint-key).",
    responses: {
      201: json(z.object({ repository: z.string(), ownerTeamId: z.uuid().nullable(), findings: z.number().int(), created: z.number().int(), seen: z.number().int(), locations: z.number().int(), reopened: z.number().int(), compromised: z.number().int(), findingsUrl: z.string() })),
      413: json(ZErrorBody, "body larger than 4 MiB"),
    },
  },
  {
    method: "get", path: "/api/v1/discovery/fingerprint-key", tag: "Findings", summary: "The server's fingerprint key", permission: "finding:upload",
    description: "The HMAC-SHA256 key (base64) findings and stored values are fingerprinted with, so a CI scan's fingerprints match the console's. Holding it lets one test guesses against fingerprints: every read is audited and the answer is never cached.",
    responses: { 200: json(z.object({ algorithm: z.literal("HMAC-SHA256"), key: z.string(), keyId: z.string() })) },
  },
  { method: "get", path: "/api/v1/connectors", tag: "Connectors", summary: "List discovery connectors", permission: "connector:read", query: ZConnectorListQuery, responses: { 200: json(page(loose("A connector: kind, name, config (no credentials), owner team, schedule, last run"))) } },
  {
    method: "post", path: "/api/v1/connectors", tag: "Connectors", summary: "Create a discovery connector", permission: "connector:write", body: ZConnectorCreate,
    description: "`config` is checked against the kind's schema; `credentials` are stored in the Keyward vault and only their path is kept.",
    responses: { 201: json(loose("The new connector")), 409: json(ZErrorBody, "Name taken") },
  },
  { method: "get", path: "/api/v1/connectors/{id}", tag: "Connectors", summary: "Get a connector with its recent runs", permission: "connector:read", responses: { 200: json(loose("The connector and its last 10 runs")), 404: json(ZErrorBody) } },
  { method: "patch", path: "/api/v1/connectors/{id}", tag: "Connectors", summary: "Update a connector", permission: "connector:write", body: ZConnectorUpdate, responses: { 200: json(loose("The updated connector")), 404: json(ZErrorBody), 409: json(ZErrorBody) } },
  { method: "delete", path: "/api/v1/connectors/{id}", tag: "Connectors", summary: "Delete a connector", description: "Findings and certificates it found stay.", permission: "connector:write", responses: { 204: null, 404: json(ZErrorBody) } },
  { method: "post", path: "/api/v1/connectors/{id}/runs", tag: "Connectors", summary: "Run a connector now", description: "Poll GET /api/v1/jobs/{jobRunId} for progress.", permission: "connector:write", responses: { 202: json(z.object({ jobRunId: z.uuid(), runId: z.uuid(), status: z.string() })), 404: json(ZErrorBody) } },
  { method: "post", path: "/api/v1/connectors/{id}/test", tag: "Connectors", summary: "Test a connector's settings and credentials", permission: "connector:write", responses: { 200: json(z.object({ ok: z.boolean(), message: z.string() })), 404: json(ZErrorBody) } },
];

function parameters(op: Op) {
  const out: object[] = [];
  for (const name of op.path.match(/\{(\w+)\}/g) ?? []) {
    out.push({ name: name.slice(1, -1), in: "path", required: true, schema: schemaOf(ZId) });
  }
  if (op.query) {
    const s = schemaOf(op.query) as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
    for (const [name, schema] of Object.entries(s.properties ?? {})) {
      const param: Record<string, unknown> = { name, in: "query", required: s.required?.includes(name) ?? false, schema };
      if (schema.type === "array") Object.assign(param, { style: "form", explode: true });
      out.push(param);
    }
  }
  return out;
}

const errorResponses = {
  400: { description: "Invalid input (field errors in error.fields) or malformed JSON", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
  401: { description: "Not signed in, or an unknown, expired or revoked token", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
  403: { description: "Your role (or team scope) does not allow this", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
  500: { description: "Unexpected failure; the message carries a request id", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
};

export function buildOpenApi() {
  const paths: Record<string, Record<string, object>> = {};
  for (const op of operations) {
    const responses: Record<string, object> = {};
    for (const [status, body] of Object.entries(op.responses)) {
      responses[status] = body
        ? {
            description: body.description ?? (Number(status) < 300 ? "Success" : "Failure"),
            content: { [body.contentType ?? "application/json"]: { schema: body.schema === ZErrorBody ? { $ref: "#/components/schemas/Error" } : schemaOf(body.schema, "output") } },
          }
        : { description: status === "304" ? "Not modified" : "No content" };
    }
    for (const [status, r] of Object.entries(errorResponses)) if (op.permission !== "public" || status === "400" || status === "500") responses[status] ??= r;
    if (op.body || op.method !== "get") responses["413"] ??= { description: "Body larger than 256 KiB", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
    (paths[op.path] ??= {})[op.method] = {
      operationId: `${op.method}${op.path.replace(/^\/api\/v1/, "").replace(/\{(\w+)\}/g, "By-$1").replace(/[^a-zA-Z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      tags: [op.tag],
      "x-keyward-permission": op.permission,
      ...(op.security ? { security: op.security } : op.permission === "public" ? { security: [] } : {}),
      parameters: parameters(op),
      ...(op.body ? { requestBody: { required: true, content: { "application/json": { schema: schemaOf(op.body) } } } } : {}),
      responses,
    };
  }
  paths["/api/v1/openapi.json"] = {
    get: {
      operationId: "getOpenapiJson",
      summary: "This document",
      tags: ["Meta"],
      "x-keyward-permission": "public",
      security: [],
      responses: { 200: { description: "OpenAPI 3.1 document", content: { "application/json": { schema: { type: "object" } } } } },
    },
  };
  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    info: {
      title: "Keyward API",
      version: "1",
      description:
        "Secrets governance: inventory, owners, backends, audit. Send a personal API token as `Authorization: Bearer kw_pat_…` (create one under Settings → API tokens), or use the console's session cookie. Errors are `{ error: { code, message, fields? } }`. Lists take `page`, `pageSize`, `sort`, `order` and `q`, and answer `{ items, total, page, pageSize }`. Unknown fields and unknown query keys are refused with 400.",
    },
    servers: [{ url: "/" }],
    security: [{ personalToken: [] }, { session: [] }],
    tags: ["Teams", "Applications", "Backends", "Users", "Tokens", "Audit", "Secrets", "Jobs", "Vault", "Findings", "Connectors", "Meta"].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        personalToken: { type: "http", scheme: "bearer", bearerFormat: "kw_pat_…", description: "A personal API token; acts with its owner's role and teams." },
        workloadToken: { type: "http", scheme: "bearer", bearerFormat: "kw_wt_…", description: "A short-lived workload access token (vault value reads)." },
        session: { type: "apiKey", in: "cookie", name: "next-auth.session-token", description: "The console's session (`__Secure-next-auth.session-token` over HTTPS)." },
      },
      schemas: { Error: schemaOf(ZErrorBody, "output"), AuditAnchorOutcome: schemaOf(ZAuditAnchorOutcome, "output") },
    },
  };
}
