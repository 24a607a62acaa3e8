import { PageHeader } from "@/components/ui/card";
import { load } from "@/components/org/guard";
import { SecretForm } from "@/components/inventory/secret-form";
import { requireActor } from "@/lib/actor";
import { authorize, teamsInScope } from "@/lib/authz/authorize";
import { scopeOf } from "@/lib/authz/permissions";
import { listInventoryOptions } from "@/lib/domain/inventory/service";
import { createSecretAction } from "../actions";

export const metadata = { title: "New secret" };

export default async function NewSecretPage() {
  const actor = await requireActor();
  const res = await load(async () => {
    authorize(actor, "secret:create");
    return listInventoryOptions(actor);
  });
  if (!res.ok) return res.node;
  const { teams, backends, applications } = res.data;
  const teamScoped = scopeOf(actor.role, "secret:create") === "team";
  const myTeams = teamsInScope(actor, "secret:create", teams);
  return (
    <>
      <PageHeader title="New secret" description="Record a secret's metadata: where it lives, who owns it, how often it rotates. Its value is stored through the vault, never here." />
      <SecretForm
        mode="create"
        action={createSecretAction}
        teams={myTeams}
        allowUnowned={!teamScoped}
        backends={backends}
        applications={applications}
        cancelHref="/inventory"
        initial={{
          name: "",
          path: "",
          description: "",
          type: "api_key",
          environment: "dev",
          classification: "standard",
          status: "active",
          ownerTeamId: myTeams[0]?.id ?? "",
          backendId: backends.find((b) => b.kind === "keyward")?.id ?? backends[0]?.id ?? "",
          externalRef: "",
          rotationPeriodDays: "90",
          lastRotatedAt: "",
          expiresAt: "",
          tags: "",
          applicationIds: [],
          dynamic: false,
        }}
      />
    </>
  );
}
