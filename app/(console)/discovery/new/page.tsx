import { PageHeader } from "@/components/ui/card";
import { load } from "@/components/org/guard";
import { ConnectorForm, type TCatalogEntry } from "@/components/discovery/connector-form";
import { requireActor } from "@/lib/actor";
import { authorize } from "@/lib/authz/authorize";
import { connectorFormOptions } from "@/lib/domain/discovery/service";

export const metadata = { title: "New connector" };

export default async function NewConnectorPage() {
  const actor = await requireActor();
  const res = await load(async () => {
    authorize(actor, "connector:write");
    return connectorFormOptions(actor);
  });
  if (!res.ok) return res.node;
  return (
    <>
      <PageHeader title="New connector" description="Choose what to discover; each kind has its own settings. Credentials go to the vault." />
      <ConnectorForm catalog={res.data.catalog as TCatalogEntry[]} teams={res.data.teams} backends={res.data.backends} />
    </>
  );
}
