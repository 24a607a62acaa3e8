import "server-only";
import { Section } from "@/components/org/detail";
import { Badge } from "@/components/ui/card";
import { requireActor } from "@/lib/actor";
import { can, valueReadPermission, writeOnlyOnProd } from "@/lib/authz/permissions";
import { secretVaultView } from "@/lib/domain/vault/service";
import { selfGrantsAllowed } from "@/lib/domain/vault/access";
import { grantCandidates, grantForBrowser, listSecretGrants } from "@/lib/domain/vault/grants";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/authz/authorize";
import { IssueGrantForm, SecretGrantList, type TGrantRowView } from "./grant-forms";
import { SecretVersionsPanel, type TVersionView } from "./secret-versions-panel";

/**
 * The vault panel of a secret's detail page: stored versions with stage, author and time (never
 * values), and the controls the viewer's role allows. Values reach the browser only through the
 * reveal action, for a person with a grant who gave a reason; nothing is rendered into the HTML.
 */
export async function SecretVersions({ secretId }: { secretId: string }) {
  const actor = await requireActor();
  let view: Awaited<ReturnType<typeof secretVaultView>>;
  try {
    view = await secretVaultView(actor, secretId);
  } catch (e) {
    if (e instanceof AppError && (e.code === "forbidden" || e.code === "not_found")) return null;
    throw e;
  }
  const prod = view.environment === "prod";
  const versions: TVersionView[] = view.versions.map((v) => ({
    version: v.version,
    stage: v.stage,
    createdAt: v.createdAt.toISOString(),
    createdBy: v.createdByLabel,
    deletedAt: v.deletedAt?.toISOString() ?? null,
    destroyedAt: v.destroyedAt?.toISOString() ?? null,
    keyVersion: v.keyVersion,
  }));
  const canReveal = can(actor.role, valueReadPermission(view.environment));
  return (
    <div className="space-y-4">
    <Section
      title="Stored versions"
      testId="secret-versions"
      actions={view.seal.sealed ? <Badge tone="red">Vault sealed</Badge> : prod ? <Badge tone="yellow">prod</Badge> : null}
    >
      {view.seal.sealed ? (
        <p className="mb-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200" role="status">
          Keyward is sealed: values cannot be read or written until it is unsealed with the key shares (Vault keys page). Metadata stays available.
        </p>
      ) : null}
      <SecretVersionsPanel
        secretId={view.secretId}
        versions={versions}
        canReveal={canReveal}
        canWrite={can(actor.role, "secret:value_write")}
        canManage={can(actor.role, "secret:value_destroy")}
        writeOnly={prod && writeOnlyOnProd(actor.role)}
        sealed={view.seal.sealed}
      />
    </Section>
    <SecretGrants actor={actor} secretId={view.secretId} canReveal={canReveal} />
    </div>
  );
}

/**
 * Who may read this secret's values right now. People who manage grants see every active grant
 * and can issue and revoke; grant readers (auditors, managers) see every one without controls;
 * others see only their own, so they know whether a Reveal would work.
 */
async function SecretGrants({ actor, secretId, canReveal }: { actor: Actor; secretId: string; canReveal: boolean }) {
  const { manage, all, grants } = await listSecretGrants(actor, secretId);
  if (!all && !canReveal) return null;
  const candidates = manage ? await grantCandidates(actor, secretId) : [];
  const rows: TGrantRowView[] = grants.map((g) => grantForBrowser(g, actor.id));
  return (
    <Section title="Read grants" testId="secret-grants">
      {rows.length ? (
        <SecretGrantList grants={rows} manage={manage} />
      ) : (
        <p className="text-sm text-slate-500" data-testid="no-grants">
          {all
            ? "No person holds a grant on this secret, so nobody can reveal its values, whatever their role. (Workloads read through their policies.)"
            : "You hold no grant on this secret, so its values cannot be revealed to you. Ask your security team for a time-limited grant."}
        </p>
      )}
      {manage ? <IssueGrantForm secretId={secretId} candidates={candidates} selfGrants={selfGrantsAllowed()} /> : null}
    </Section>
  );
}
