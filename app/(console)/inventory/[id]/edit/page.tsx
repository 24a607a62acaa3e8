import { PageHeader } from "@/components/ui/card";
import { load } from "@/components/org/guard";
import { SecretForm } from "@/components/inventory/secret-form";
import { requireActor } from "@/lib/actor";
import { authorize, teamsInScope } from "@/lib/authz/authorize";
import { scopeOf } from "@/lib/authz/permissions";
import { getSecret, listInventoryOptions } from "@/lib/domain/inventory/service";
import { updateSecretAction } from "../../actions";

export const metadata = { title: "Edit secret" };

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "");

export default async function EditSecretPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActor();
  const res = await load(async () => {
    const secret = await getSecret(actor, id);
    authorize(actor, "secret:update", secret);
    return { secret, options: await listInventoryOptions(actor) };
  });
  if (!res.ok) return res.node;
  const { secret, options } = res.data;
  const teamScoped = scopeOf(actor.role, "secret:update") === "team";
  const teams = teamsInScope(actor, "secret:update", options.teams);
  return (
    <>
      <PageHeader title={`Edit ${secret.name}`} description={secret.path} />
      <SecretForm
        mode="edit"
        action={updateSecretAction.bind(null, secret.id)}
        teams={teams}
        allowUnowned={!teamScoped}
        backends={options.backends}
        applications={options.applications}
        cancelHref={`/inventory/${secret.id}`}
        initial={{
          name: secret.name,
          path: secret.path,
          description: secret.description,
          type: secret.type,
          environment: secret.environment,
          classification: secret.classification,
          status: secret.status,
          ownerTeamId: secret.ownerTeamId ?? "",
          backendId: secret.backendId,
          externalRef: secret.externalRef ?? "",
          rotationPeriodDays: secret.rotationPeriodDays?.toString() ?? "",
          lastRotatedAt: day(secret.lastRotatedAt),
          expiresAt: day(secret.expiresAt),
          tags: secret.tags.join(", "),
          applicationIds: secret.consumers.map((c) => c.id),
          dynamic: secret.dynamic,
          orig: { lastRotatedAt: secret.lastRotatedAt?.toISOString(), expiresAt: secret.expiresAt?.toISOString() },
        }}
      />
    </>
  );
}
