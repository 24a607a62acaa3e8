// Allowlists shared by every rule: placeholder values, and files that never hold real secrets.

/** Masked or templated values; applied to every rule. */
const STRONG_PLACEHOLDERS: RegExp[] = [
  /x{6,}|X{6,}|\*{4,}|•{3,}|…/,
  /<[\w .:/@-]*[A-Za-z][\w .:/@-]*>/, // <your-key>, <token>, <Openverse API token> (not "<X}:(BV>" inside a generated value)
  /\$\{[^}]*\}|\{\{[^}]*\}\}|\$\([^)]*\)|%\([^)]*\)s|^%[\w.-]+%$|\[[A-Z][A-Z_ -]*\]/, // ${VAR} {{ var }} $(cmd) %(name)s %VAR% [PASSWORD]
  /\.\.\.|\.\.$|^\.\.|\[redacted\]/i, // truncated ("sk_live_...", "AKIA..") or redacted; two dots inside a random value are not
];

/** Words that mark example values; applied to generic rules only (providers use their own). */
export const PLACEHOLDER_WORDS = [
  "changeme", "change_me", "change-me", "changeit", "example", "sample", "dummy", "placeholder",
  "redacted", "replace", "insert", "your_", "your-", "yourkey", "yourtoken", "yoursecret", "yourpass",
  "mypassword", "mysecret", "mytoken", "secret123", "password123", "notreal", "not_real", "not-a-real",
  "foobar", "lorem", "todo", "fixme", "xxxx", "0000000", "qwerty", "testtest",
  "hunter", "letmein", "secretkey", "secret_key", "apikey", "api_key", "token_here", "here",
  "fake", "bogus",
];

/** Exact values that are placeholders or common non-secrets (lowercase). */
const PLACEHOLDER_EXACT = new Set([
  "password", "passwd", "secret", "token", "null", "none", "nil", "undefined", "true", "false",
  "admin", "root", "test", "testing", "default", "string", "required", "optional", "empty", "unknown",
  "pass", "pwd", "guest", "user", "username", "value", "key", "bearer", "basic", "postgres", "mysql",
  "mariadb", "redis", "rabbitmq", "mongo", "sa", "demo", "secret123", "password1", "admin123",
]);

/** Never a finding, whatever the rule: masked or templated, typed rather than generated, or published on purpose. */
export function isStrongPlaceholder(secret: string): boolean {
  // ten or more ascending characters ("abcdefghijklmnop") are typed, not generated
  return STRONG_PLACEHOLDERS.some((re) => re.test(secret)) || isSequence(secret.toLowerCase()) || PUBLISHED_VALUES.has(secret);
}

export function isPlaceholder(secret: string): boolean {
  if (isStrongPlaceholder(secret)) return true;
  const lower = secret.toLowerCase();
  if (PLACEHOLDER_EXACT.has(lower)) return true;
  if (/^(.)\1+$/.test(secret)) return true;
  if (isSequence(lower)) return true;
  if (PLACEHOLDER_WORDS.some((w) => lower.includes(w))) return true;
  return isEncodedPlaceholder(secret);
}

/**
 * Credentials their owners published on purpose, in documentation or public code: finding one says
 * nothing about a leak, and every repository that copies the sample would raise a critical finding
 * and an emergency rotation nobody can do. Exact values only; applied to every rule.
 */
export const PUBLISHED_VALUES = new Set([
  // test keys of the Firebase SDKs' own suites (github.com/firebase/firebase-android-sdk, firebase-js-sdk)
  "AIzaSyabcdefghijklmnopqrstuvwxyz1234567", "AIzaSyAnLA7NfeLquW1tJFpx_eQCxoX-oo6YyIs",
  "AIzaSyCkEhVjf3pduRDt6d1yKOMitrUEke8agEM", "AIzaSyDMAScliyLx7F0NPDEJi1QmyCgHIAODrlU",
  "AIzaSyD3asb-2pEZVqMkmL6M9N6nHZRR_znhrh0", "AIzayDNSXIbFmlXbIE6mCzDLQAqITYefhixbX4A",
  "AIzaSyAdOS2zB6NCsk1pCdZ4-P6GBdi_UUPwX7c", "AIzaSyASWm6HmTMdYWpgMnjRBjxcQ9CKctWmLd4",
  "AIzaSyANUvH9H9BsUccjsu2pCmEkOPjjaXeDQgY", "AIzaSyA5_iVawFQ8ABuTZNUdcwERLJv_a_p4wtM",
  "AIzaSyA4UrcGxgwQFTfaI3no3t7Lt1sjmdnP5sQ", "AIzaSyDSb51JiIcB6OJpwwMicseKRhhrOq1cS7g",
  "AIzaSyBF2RrAIm4a0mO64EShQfqfd2AFnzAvvuU", "AIzaSyBcE-OOIbhjyR83gm4r2MFCu4MJmprNXsw",
  "AIzaSyB8qGxt4ec15vitgn44duC5ucxaOi4FmqE", "AIzaSyA8vmApnrHNFE0bApF4hoZ11srVL_n0nvY",
  // the two passwords of Microsoft's nuget.config reference (learn.microsoft.com/nuget/reference/nuget-config-file)
  "33f!!lloppa", "hal+9ooo_da!sY",
  // the search-only Algolia key of the public npm-search index (yarn, docsearch; yarnpkg/berry#6201)
  "6fe4476ee5a1832882e326b506d14126",
]);

/** A version-1 UUID is a timestamp and a MAC address: an identifier, not a random credential. */
export const TIME_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** Paths never scanned: lock files, minified bundles, binaries, vendored test fixtures. */
export const PATH_ALLOWLIST: RegExp[] = [
  /(?:^|\/)(?:package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb?|Cargo\.lock|Gemfile\.lock|composer\.lock|poetry\.lock|Pipfile\.lock|go\.sum|flake\.lock|packages\.lock\.json|mix\.lock|pubspec\.lock|uv\.lock)$/,
  /\.(?:min\.js|min\.css|min\.mjs|js\.map|css\.map|map)$/i,
  /\.(?:png|jpe?g|gif|bmp|ico|icns|webp|avif|tiff?|psd|svgz|mp[34]|m4a|mov|avi|mkv|webm|wav|ogg|flac|woff2?|ttf|otf|eot|zip|gz|tgz|bz2|xz|zst|7z|rar|jar|war|ear|class|dll|exe|so|dylib|o|a|lib|bin|dat|pdf|docx?|xlsx?|pptx?|sqlite3?|db|wasm|pyc|node|iso|dmg)$/i,
  /(?:^|\/)(?:\.git|node_modules|vendor|\.yarn|\.pnpm-store|__snapshots__)\//,
  /(?:^|\/)(?:testdata|__fixtures__|fixtures|test-fixtures)\//,
];

export function isPathAllowlisted(path: string): boolean {
  const p = path.replace(/\\/g, "/");
  return PATH_ALLOWLIST.some((re) => re.test(p));
}

/** Inline suppression on the line of the match. */
export const INLINE_ALLOW = "keyward:allow";

// Gitleaks' labelled samples include long keyboard-run values ("12345678-ABCD-ABCD-ABCD-1234567890AB")
// and repeated characters as real-format secrets, so runs count as placeholders only when they
// are the whole value or ten characters of it.
const SEQUENCES = ["0123456789", "abcdefghijklmnopqrstuvwxyz"];

/** The next character of an ascending run of digits or letters (b after a, 1 after 0). */
function follows(prev: number, c: number): boolean {
  return c === prev + 1 && ((c >= 49 && c <= 57) || (c >= 98 && c <= 122));
}

/** "123456789", "abcdefgh": a run of consecutive characters, or one of 10+ inside. */
function isSequence(lower: string): boolean {
  if (lower.length >= 6 && SEQUENCES.some((q) => q.includes(lower))) return true;
  for (let i = 0; i + 10 <= lower.length; i++) {
    let j = i + 1;
    while (j < lower.length && follows(lower.charCodeAt(j - 1), lower.charCodeAt(j))) j++;
    if (j - i >= 10) return true;
    i = j - 1;
  }
  return false;
}

/** Base64 of readable placeholder text: "ZHVtbXkgdGV4dCBkYXRh..." is "dummy text data...". */
function isEncodedPlaceholder(secret: string): boolean {
  if (secret.length < 16 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(secret)) return false;
  const decoded = Buffer.from(secret, "base64").toString("latin1");
  if (!/^[\x20-\x7e\t\r\n]+$/.test(decoded)) return false;
  const lower = decoded.toLowerCase();
  return PLACEHOLDER_WORDS.some((w) => w.length >= 4 && lower.includes(w)) || PLACEHOLDER_EXACT.has(lower.trim());
}
