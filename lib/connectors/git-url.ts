// Git remote URLs, without dependencies (the CLI imports this too): credentials out of a URL
// before it is shown, stored or sent, and one key per repository so the same repository named
// by https, ssh or scp-style URLs is recognised as one.

/** "https://user:token@host/org/repo.git" -> "https://host/org/repo.git". */
export function withoutCredentials(url: string): string {
  return url.trim().replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, "$1");
}

/**
 * "host/org/repo" for https://, ssh://, git:// and git@host:org/repo.git forms (host lowercased,
 * no port, user, ".git" or trailing slash); a local path as it is, less a trailing slash.
 */
export function repositoryKey(url: string): string {
  const u = url.trim();
  const tidy = (p: string) => p.replace(/^\/+/, "").replace(/\/+$/, "").replace(/\.git$/, "");
  const scp = /^[\w.-]+@([\w.-]+):(?!\/)(.+)$/.exec(u);
  if (scp) return `${scp[1]!.toLowerCase()}/${tidy(scp[2]!)}`;
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^/@]*@)?([^/:]*)(?::\d+)?(\/.*)?$/i.exec(u);
  if (m && m[1]) return `${m[1].toLowerCase()}/${tidy(m[2] ?? "")}`;
  return u.replace(/\/+$/, "");
}
