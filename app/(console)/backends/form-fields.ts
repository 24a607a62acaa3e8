import type { TFieldSpec } from "@/components/org/entity-form";
import { backendKindLabels, backendKinds, type TBackendKind } from "@/lib/domain/backends/schemas";

type ConfigField = { key: string; label: string; hint?: string; placeholder?: string; options?: string[] };

// Form fields for each kind's non-secret settings (the zod schemas in backends/schemas.ts decide).
const configFields: Record<TBackendKind, ConfigField[]> = {
  keyward: [],
  vault_kv: [
    { key: "address", label: "Address", placeholder: "https://vault.example.com:8200" },
    { key: "mount", label: "KV v2 mount", placeholder: "secret" },
    { key: "namespace", label: "Namespace", hint: "Vault Enterprise or OpenBao namespaces only." },
  ],
  aws_sm: [
    { key: "region", label: "Region", placeholder: "eu-west-1" },
    { key: "accountId", label: "Account id", placeholder: "123456789012" },
    { key: "roleArn", label: "Role to assume", placeholder: "arn:aws:iam::123456789012:role/keyward-reader" },
  ],
  azure_kv: [
    { key: "vaultUrl", label: "Vault URL", placeholder: "https://my-vault.vault.azure.net" },
    { key: "tenantId", label: "Tenant id" },
  ],
  gcp_sm: [{ key: "projectId", label: "Project id", placeholder: "my-project-123" }],
  kubernetes: [
    { key: "namespace", label: "Namespace", placeholder: "payments" },
    { key: "apiServer", label: "API server", placeholder: "https://k8s.example.com:6443" },
    { key: "context", label: "Kubeconfig context" },
  ],
  git: [
    { key: "repositoryUrl", label: "Repository", placeholder: "https://github.com/acme/api or git@github.com:acme/api.git" },
    { key: "branch", label: "Branch", placeholder: "main" },
  ],
  config_file: [
    { key: "host", label: "Host" },
    { key: "path", label: "File path", placeholder: "/etc/app/config.yml" },
  ],
  env_var: [
    { key: "host", label: "Host or service" },
    { key: "platform", label: "Platform", placeholder: "systemd, Heroku, ECS…" },
  ],
  ci_variable: [
    { key: "provider", label: "CI provider", options: ["github", "gitlab", "jenkins", "circleci", "azure_devops", "other"] },
    { key: "project", label: "Project or repository" },
  ],
};

/** Every config.* form key, all optional: the kind's schema reports the required ones. */
export function configFormSpec(): Record<string, "optional"> {
  return Object.fromEntries(Object.values(configFields).flatMap((fs) => fs.map((f) => [`config.${f.key}`, "optional" as const])));
}

function configSpecs(kind: TBackendKind, values: Record<string, unknown> | undefined, when: boolean): TFieldSpec[] {
  return configFields[kind].map((f) => ({
    name: `config.${f.key}`,
    label: f.label,
    type: f.options ? "select" : "text",
    options: f.options?.map((o) => ({ value: o, label: o })),
    hint: f.hint,
    placeholder: f.placeholder,
    defaultValue: values?.[f.key] === undefined ? undefined : String(values[f.key]),
    showWhen: when ? { field: "kind", value: kind } : undefined,
  }));
}

const note = "Settings only: credentials never go here (Keyward refuses unknown keys and URLs with user:password).";

export function newBackendFields(): TFieldSpec[] {
  return [
    { name: "name", label: "Name", type: "text", required: true },
    { name: "kind", label: "Kind", type: "select", options: backendKinds.map((k) => ({ value: k, label: backendKindLabels[k] })), defaultValue: "vault_kv", hint: note },
    { name: "description", label: "Description", type: "textarea" },
    ...backendKinds.flatMap((k) => configSpecs(k, undefined, true)),
  ];
}

export function editBackendFields(b: { name: string; kind: TBackendKind; description: string; config: unknown }): TFieldSpec[] {
  return [
    { name: "name", label: "Name", type: "text", required: true, defaultValue: b.name },
    { name: "description", label: "Description", type: "textarea", defaultValue: b.description, hint: note },
    ...configSpecs(b.kind, (b.config ?? {}) as Record<string, unknown>, false),
  ];
}
