// Allowlists shared by every rule: placeholder values, and files that never hold real secrets.

/** Masked or templated values; applied to every rule. */
const STRONG_PLACEHOLDERS: RegExp[] = [
  /x{6,}|X{6,}|\*{4,}|•{3,}|…/,
  /<[^<>\s]*[A-Za-z][^<>]*>/, // <your-key>, <token>
  /\$\{[^}]*\}|\{\{[^}]*\}\}|\$\([^)]*\)|%\([^)]*\)s|^%[\w.-]+%$|\[[A-Z][A-Z_ -]*\]/, // ${VAR} {{ var }} $(cmd) %(name)s %VAR% [PASSWORD]
  /\.\.|\[redacted\]/i, // truncated or redacted
];

/** Words that mark example values; applied to generic rules only (providers use their own). */
export const PLACEHOLDER_WORDS = [
  "changeme", "change_me", "change-me", "changeit", "example", "sample", "dummy", "placeholder",
  "redacted", "replace", "insert", "your_", "your-", "yourkey", "yourtoken", "yoursecret", "yourpass",
  "mypassword", "mysecret", "mytoken", "secret123", "password123", "notreal", "not_real", "not-a-real",
  "foobar", "lorem", "todo", "fixme", "xxxx", "0000000", "qwerty", "testtest",
  "hunter", "letmein", "secretkey", "secret_key", "apikey", "api_key", "token_here", "here",
];

/** Exact values that are placeholders or common non-secrets (lowercase). */
export const PLACEHOLDER_EXACT = new Set([
  "password", "passwd", "secret", "token", "null", "none", "nil", "undefined", "true", "false",
  "admin", "root", "test", "testing", "default", "string", "required", "optional", "empty", "unknown",
  "pass", "pwd", "guest", "user", "username", "value", "key", "bearer", "basic", "postgres", "mysql",
  "mariadb", "redis", "rabbitmq", "mongo", "sa", "demo", "secret123", "password1", "admin123",
]);

export function isStrongPlaceholder(secret: string): boolean {
  return STRONG_PLACEHOLDERS.some((re) => re.test(secret));
}

export function isPlaceholder(secret: string): boolean {
  if (isStrongPlaceholder(secret)) return true;
  const lower = secret.toLowerCase();
  if (PLACEHOLDER_EXACT.has(lower)) return true;
  if (/^(.)\1+$/.test(secret)) return true;
  if (isSequence(lower)) return true;
  return PLACEHOLDER_WORDS.some((w) => lower.includes(w));
}

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

const SEQUENCES = ["0123456789", "abcdefghijklmnopqrstuvwxyz"];
/** "123456789", "abcdefgh": a run of consecutive characters, or one of 10+ inside. */
function isSequence(lower: string): boolean {
  if (lower.length >= 6 && SEQUENCES.some((q) => q.includes(lower))) return true;
  for (let i = 0; i + 10 <= lower.length; i++) {
    const c = lower.charCodeAt(i);
    let j = i + 1;
    while (j < lower.length && lower.charCodeAt(j) === lower.charCodeAt(j - 1) + 1) j++;
    if (j - i >= 10 && ((c >= 48 && c <= 57) || (c >= 97 && c <= 122))) return true;
    i = j - 1;
  }
  return false;
}
