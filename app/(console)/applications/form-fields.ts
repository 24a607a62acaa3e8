import type { TFieldSpec } from "@/components/org/entity-form";
import { teamsInScope, type Actor } from "@/lib/authz/authorize";
import { scopeOf } from "@/lib/authz/permissions";

type App = { name: string; slug: string; description: string; ownerTeam: { id: string } | null; environments: string[] };

/** Team-scoped writers only see their own teams as owners (the service refuses others anyway). */
export function applicationFields(actor: Actor, teams: Array<{ id: string; name: string }>, app?: App): TFieldSpec[] {
  const all = scopeOf(actor.role, "application:write") === "all";
  const owners = teamsInScope(actor, "application:write", teams).map((t) => ({ value: t.id, label: t.name }));
  return [
    { name: "name", label: "Name", type: "text", required: true, defaultValue: app?.name },
    { name: "slug", label: "Slug", type: "text", defaultValue: app?.slug, hint: app ? undefined : "Leave empty to derive it from the name." },
    { name: "description", label: "Description", type: "textarea", defaultValue: app?.description },
    {
      name: "ownerTeamId",
      label: "Owner team",
      type: "select",
      options: [...(all ? [{ value: "", label: "No owner team" }] : []), ...owners],
      defaultValue: app?.ownerTeam?.id ?? (all ? "" : owners[0]?.value),
    },
    {
      name: "environments",
      label: "Environments it runs in",
      type: "checkboxes",
      options: ["dev", "staging", "prod"].map((e) => ({ value: e, label: e })),
      defaultValue: app?.environments ?? [],
    },
  ];
}
