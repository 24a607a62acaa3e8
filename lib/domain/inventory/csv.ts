// CSV writing for exports (RFC 4180), with a guard against spreadsheet formula injection.

// A cell a spreadsheet would run as a formula (or that starts with a control character some
// apps strip before doing so) gets a leading apostrophe, the OWASP-recommended neutraliser.
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let s: string;
  if (value instanceof Date) s = value.toISOString();
  else if (Array.isArray(value)) s = value.join(";");
  else s = String(value);
  if (FORMULA_START.test(s)) s = "'" + s;
  if (/[",\r\n]/.test(s) || s !== s.trim()) s = `"${s.replaceAll('"', '""')}"`;
  return s;
}

export function csvLine(values: unknown[]): string {
  return values.map(csvCell).join(",") + "\r\n";
}
