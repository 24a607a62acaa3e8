/** Same text on server and client, whatever the browser's time zone. */
export function utc(d: Date | string | null | undefined) {
  if (!d) return "—";
  return new Date(d).toISOString().slice(0, 16).replace("T", " ") + " UTC";
}
