import { Badge, Card, PageHeader } from "@/components/ui/card";
import { ConfirmAction } from "@/components/org/confirm-action";
import { SimpleTable } from "@/components/ui/simple-table";
import { EntityForm } from "@/components/org/entity-form";
import { load } from "@/components/org/guard";
import { utc } from "@/components/org/format";
import { requireActor } from "@/lib/actor";
import { listApiTokens } from "@/lib/domain/tokens/service";
import { createTokenAction, revokeTokenAction } from "./actions";

export const metadata = { title: "API tokens" };

export default async function TokensPage() {
  const actor = await requireActor();
  const res = await load(() => listApiTokens(actor));
  if (!res.ok) return res.node;
  const now = new Date();
  return (
    <>
      <PageHeader title="Personal API tokens" description="For scripts and the CLI: send Authorization: Bearer <token>. A token acts with your role and teams." />
      <div className="space-y-6">
        <Card className="p-6">
          <h2 className="mb-4 font-semibold">New token</h2>
          <EntityForm
            action={createTokenAction}
            testId="token-form"
            submitLabel="Create token"
            fields={[
              { name: "name", label: "Name", type: "text", required: true, placeholder: "ci-inventory-sync" },
              { name: "expiresInDays", label: "Expires after (days)", type: "number", hint: "1 to 365. Leave empty for no expiry." },
            ]}
          />
        </Card>
        <Card className="p-6">
          <h2 className="mb-4 font-semibold">Your tokens</h2>
          <SimpleTable
            label="Your tokens"
            head={["Name", "Token", "Created", "Last used", "Expires", "Status", ""]}
            rows={res.data.map((t) => {
              const state = t.revokedAt ? "revoked" : t.expiresAt && t.expiresAt < now ? "expired" : "active";
              return [
                t.name,
                <code key="p" className="text-xs">{t.prefix}…</code>,
                utc(t.createdAt),
                utc(t.lastUsedAt),
                t.expiresAt ? utc(t.expiresAt) : "never",
                <Badge key="s" tone={state === "active" ? "green" : "gray"}>{state}</Badge>,
                state === "active" ? (
                  <ConfirmAction key="r" action={revokeTokenAction.bind(null, t.id)} label="Revoke" confirm={`Revoke “${t.name}”? Anything using it stops working at once.`} testId="revoke-token" />
                ) : null,
              ];
            })}
            empty="No tokens yet. Create one above for a script or the CLI."
          />
        </Card>
      </div>
    </>
  );
}
