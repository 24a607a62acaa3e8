import type { TFieldSpec } from "@/components/org/entity-form";

type Team = { name: string; slug: string; description: string; manager: { id: string } | null; members: { id: string }[] };

export function teamFields(people: Array<{ id: string; name: string; email: string }>, team?: Team): TFieldSpec[] {
  const options = people.map((p) => ({ value: p.id, label: `${p.name} (${p.email})` }));
  return [
    { name: "name", label: "Name", type: "text", required: true, defaultValue: team?.name },
    { name: "slug", label: "Slug", type: "text", defaultValue: team?.slug, hint: team ? undefined : "Leave empty to derive it from the name." },
    { name: "description", label: "Description", type: "textarea", defaultValue: team?.description },
    { name: "managerId", label: "Manager", type: "select", options: [{ value: "", label: "No manager" }, ...options], defaultValue: team?.manager?.id ?? "" },
    { name: "memberIds", label: "Members", type: "checkboxes", options, defaultValue: team?.members.map((m) => m.id) ?? [] },
  ];
}
