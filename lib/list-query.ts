import { z } from "zod";

// Shared shape of list endpoints and list pages: the same query string drives both, so a
// table's URL state can be replayed against the API.

export const pageShape = {
  q: z.string().trim().max(200).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
  order: z.enum(["asc", "desc"]).default("asc"),
};

/** A strict list query: paging, search, one of the given sort keys, plus module filters. */
export function listQuery<const S extends readonly [string, ...string[]], X extends z.ZodRawShape>(sorts: S, extra: X) {
  return z.strictObject({ ...pageShape, sort: z.enum(sorts).default(sorts[0]), ...extra });
}

export type TPage<T> = { items: T[]; total: number; page: number; pageSize: number };

/** Empty query values ("All" in a filter select) mean "no filter". */
export function withoutEmpty(input: unknown): unknown {
  if (!input || typeof input !== "object" || Array.isArray(input)) return input;
  return Object.fromEntries(Object.entries(input as Record<string, unknown>).filter(([, v]) => v !== "" && v !== undefined && v !== null));
}

export function paging(q: { page: number; pageSize: number }) {
  return { skip: (q.page - 1) * q.pageSize, take: q.pageSize };
}

/** Lower-case, dash-separated, from a display name. */
export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
}

export const ZSlug = z
  .string()
  .trim()
  .min(1)
  .max(60)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Use lower-case letters, digits and single dashes");

export const ZName = z.string().trim().min(1, "Required").max(100, "At most 100 characters");
export const ZDescription = z.string().trim().max(2000, "At most 2000 characters");

type SearchParams = Record<string, string | string[] | undefined>;

/** The list-query keys a page passes on (the table also keeps UI-only keys such as "hide"). */
export function pickParams(sp: SearchParams, keys: string[], defaults: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = { ...defaults };
  for (const k of keys) {
    const v = sp[k];
    const s = Array.isArray(v) ? v[0] : v;
    if (s !== undefined && s !== "") out[k] = s;
  }
  return out;
}

/** The list-query keys a page passes on, keeping repeated keys (?type=a&type=b) for multi-value filters. */
export function pickQuery(sp: SearchParams, keys: readonly string[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const k of keys) {
    const v = sp[k];
    if (v !== undefined && v !== "") out[k] = v;
  }
  return out;
}

/** Whether a list query narrows the list (more than paging and sorting): "no match" rather than "nothing yet". */
export function isFiltered(query: Record<string, unknown>, alsoIgnore: readonly string[] = []): boolean {
  return Object.keys(query).some((k) => !["page", "pageSize", "sort", "order", ...alsoIgnore].includes(k));
}

/** A multi-value filter: repeated keys (?type=a&type=b) or commas (?type=a,b), de-duplicated. */
export function queryList<T extends z.ZodType>(item: T, max = 50) {
  return z.preprocess((v) => {
    if (v === undefined || v === null || v === "") return undefined;
    const parts = (Array.isArray(v) ? v : [v]).flatMap((x) => (typeof x === "string" ? x.split(",") : [x]));
    const cleaned = parts.map((x) => (typeof x === "string" ? x.trim() : x)).filter((x) => x !== "");
    return cleaned.length ? [...new Set(cleaned)] : undefined;
  }, z.array(item).max(max).optional());
}
