// Client-side password checks. The server repeats them (and checks the
// password against the Have I Been Pwned range API); this is only for feedback.

const COMMON = new Set(["password", "123456", "123456789", "qwerty", "111111", "12345678", "abc123", "password1", "letmein", "welcome"]);

export const RULES = [
  { id: "length", test: (p) => p.length >= 12, message: "passwordRules.length" },
  { id: "lower", test: (p) => /[a-z]/.test(p), message: "passwordRules.lower" },
  { id: "upper", test: (p) => /[A-Z]/.test(p), message: "passwordRules.upper" },
  { id: "digit", test: (p) => /\d/.test(p), message: "passwordRules.digit" },
  { id: "symbol", test: (p) => /[^A-Za-z0-9]/.test(p), message: "passwordRules.symbol" },
  { id: "common", test: (p) => !COMMON.has(p.toLowerCase()), message: "passwordRules.common" },
  { id: "repeat", test: (p) => !/(.)\1{3,}/.test(p), message: "passwordRules.repeat" },
];

/** Shannon-style estimate in bits from the character classes used. */
export function estimateEntropy(password) {
  let pool = 0;
  if (/[a-z]/.test(password)) pool += 26;
  if (/[A-Z]/.test(password)) pool += 26;
  if (/\d/.test(password)) pool += 10;
  if (/[^A-Za-z0-9]/.test(password)) pool += 33;
  return pool === 0 ? 0 : Math.round(password.length * Math.log2(pool));
}

export function checkPassword(password, { email = "", name = "" } = {}) {
  const failed = RULES.filter((r) => !r.test(password)).map((r) => r.message);
  const lowered = password.toLowerCase();
  for (const part of [email.split("@")[0], ...name.split(/\s+/)]) {
    if (part && part.length >= 3 && lowered.includes(part.toLowerCase())) {
      failed.push("passwordRules.personal");
      break;
    }
  }
  const bits = estimateEntropy(password);
  const score = failed.length > 0 ? Math.min(1, bits / 60) : bits < 60 ? 2 : bits < 80 ? 3 : 4;
  return { ok: failed.length === 0, score, bits, failed };
}

export async function isPwned(password) {
  const data = new TextEncoder().encode(password);
  const digest = await crypto.subtle.digest("SHA-1", data);
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("").toUpperCase();
  const res = await fetch(`https://api.pwnedpasswords.com/range/${hex.slice(0, 5)}`, { headers: { "Add-Padding": "true" } });
  const body = await res.text();
  return body.split("\n").some((line) => line.startsWith(hex.slice(5)) && !line.endsWith(":0"));
}
