// What the scanner reads: a working tree, one file, stdin, the staged changes, or the whole git
// history. Staged changes are streamed as a diff whose added lines are scanned; the history is
// read as the distinct blobs its commits add, each scanned once.

import { spawn, spawnSync } from "node:child_process";
import { closeSync, constants, fstatSync, openSync, readFileSync, readdirSync, readSync, statSync } from "node:fs";
import path from "node:path";
import { isPathAllowlisted } from "./allowlist";
import type { Scanner } from "./engine";
import type { TFinding } from "./types";

export type TScanStats = { files: number; bytes: number; skipped: number; commits: number };
export type TScanResult = { findings: TFinding[]; stats: TScanStats };

export const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;
const SNIFF_BYTES = 8000;

const newStats = (): TScanStats => ({ files: 0, bytes: 0, skipped: 0, commits: 0 });

/** A NUL byte in the first 8000 bytes: a binary file (git's own test). */
export function isBinary(buf: Buffer): boolean {
  return buf.subarray(0, SNIFF_BYTES).indexOf(0) !== -1;
}

/** Scans one file; binaries and oversized files only get the file-name rules. */
export function scanFile(scanner: Scanner, file: string, label = file, maxFileSize = DEFAULT_MAX_FILE_SIZE): TScanResult {
  const stats = newStats();
  const st = statSync(file);
  if (st.size > maxFileSize) {
    stats.skipped++;
    return { findings: scanner.scanPath(label), stats };
  }
  const buf = readFileSync(file);
  if (isBinary(buf)) {
    stats.skipped++;
    return { findings: scanner.scanPath(label), stats };
  }
  stats.files++;
  stats.bytes += buf.length;
  return { findings: scanner.scanBuffer(buf, label), stats };
}

export async function scanStdin(scanner: Scanner, label = "<stdin>", input: NodeJS.ReadableStream = process.stdin): Promise<TScanResult> {
  const chunks: Buffer[] = [];
  for await (const c of input) chunks.push(typeof c === "string" ? Buffer.from(c) : (c as Buffer));
  const buf = Buffer.concat(chunks);
  return { findings: scanner.scanBuffer(buf, label), stats: { ...newStats(), files: 1, bytes: buf.length } };
}

function gitOk(cwd: string, args: string[]): string | null {
  const r = spawnSync("git", args, { cwd, encoding: "utf8", maxBuffer: 1024 * 1024 * 1024 });
  return r.status === 0 ? r.stdout : null;
}

/** Files of a tree: git's own view when it is a work tree (honours .gitignore), else a walk. */
export function listTreeFiles(root: string): string[] {
  const inside = gitOk(root, ["rev-parse", "--is-inside-work-tree"]);
  if (inside?.trim() === "true") {
    const out = gitOk(root, ["ls-files", "-z", "--cached", "--others", "--exclude-standard"]);
    if (out !== null) return out.split("\0").filter(Boolean);
  }
  return walk(root);
}

/** A loose .gitignore: names, globs with * and ?, trailing / for folders, leading / anchors. */
function compileIgnore(dir: string): ((rel: string, isDir: boolean) => boolean) | null {
  let text: string;
  try {
    text = readFileSync(path.join(dir, ".gitignore"), "utf8");
  } catch {
    return null;
  }
  const rules = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#") && !l.startsWith("!"))
    .map((l) => {
      const dirOnly = l.endsWith("/");
      let p = l.replace(/\/$/, "");
      const anchored = p.startsWith("/") || p.includes("/");
      p = p.replace(/^\//, "");
      const src = p
        .split("**")
        .map((part) => part.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*").replace(/\?/g, "[^/]"))
        .join(".*");
      return { re: new RegExp(anchored ? `^${src}$` : `(?:^|/)${src}$`), dirOnly };
    });
  return (rel, isDir) => rules.some((r) => (!r.dirOnly || isDir) && r.re.test(rel));
}

function walk(root: string): string[] {
  const out: string[] = [];
  // each .gitignore applies to paths relative to its own folder (given by its "/"-joined prefix)
  const ignores: { prefix: number; test: (rel: string, isDir: boolean) => boolean }[] = [];
  const visit = (dir: string, rel: string) => {
    const ig = compileIgnore(dir);
    if (ig) ignores.push({ prefix: rel ? rel.length + 1 : 0, test: ig });
    for (const ent of readdirSync(dir, { withFileTypes: true })) {
      if (ent.name === ".git") continue;
      const childRel = rel ? rel + "/" + ent.name : ent.name;
      const isDir = ent.isDirectory();
      if (ignores.length && ignores.some((i) => i.test(childRel.slice(i.prefix), isDir))) continue;
      if (isDir) visit(path.join(dir, ent.name), childRel);
      else if (ent.isFile()) out.push(childRel);
    }
    if (ig) ignores.pop();
  };
  visit(root, "");
  return out;
}

export type TTreeOptions = { maxFileSize?: number; allowlistPaths?: boolean };

export function scanTree(scanner: Scanner, root: string, opts: TTreeOptions = {}): TScanResult {
  const maxFileSize = opts.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const stats = newStats();
  const findings: TFinding[] = [];
  // one buffer reused for every file (the scanner copies what it keeps)
  let buf = Buffer.allocUnsafe(1 << 20);
  for (const rel of listTreeFiles(root)) {
    if (opts.allowlistPaths !== false && isPathAllowlisted(rel)) {
      stats.skipped++;
      continue;
    }
    let fd: number;
    try {
      // non-blocking: a FIFO in the tree must not hang the scan
      fd = openSync(path.join(root, rel), constants.O_RDONLY | constants.O_NONBLOCK);
    } catch {
      continue; // deleted since listing, or unreadable
    }
    let size = 0;
    try {
      const st = fstatSync(fd);
      if (!st.isFile()) continue;
      size = st.size;
      if (size > maxFileSize) {
        stats.skipped++;
        findings.push(...scanner.scanPath(rel));
        continue;
      }
      if (size > buf.length) buf = Buffer.allocUnsafe(Math.max(size, buf.length * 2));
      let got = 0;
      while (got < size) {
        const n = readSync(fd, buf, got, size - got, got);
        if (n === 0) break; // shrank while reading
        got += n;
      }
      size = got;
    } finally {
      closeSync(fd);
    }
    const content = buf.subarray(0, size);
    if (isBinary(content)) {
      stats.skipped++;
      findings.push(...scanner.scanPath(rel));
      continue;
    }
    stats.files++;
    stats.bytes += size;
    for (const f of scanner.scanBuffer(content, rel)) findings.push(f);
  }
  return { findings, stats };
}

type TCommit = { commit: string; author: string; email: string; date: string };

const COMMIT_MARK = "\u0001";

/**
 * Parses unified diffs (-U0) as raw bytes and scans the added lines of each file as one block, so
 * multi-line secrets (PEM keys) are found; finding lines are mapped back to the file's line
 * numbers. Added lines are copied into one reused buffer, which the scanner prefilters without
 * decoding unless a keyword is present.
 */
class DiffScanner {
  findings: TFinding[] = [];
  stats = newStats();
  private commit: TCommit | undefined;
  private file: string | null = null;
  private inHunk = false;
  private added: Buffer = Buffer.allocUnsafe(1 << 16);
  private addedLen = 0;
  private lineNos: number[] = [];
  private next = 0;
  private carry: Buffer[] = [];

  constructor(
    private readonly scanner: Scanner,
    private readonly allowlistPaths: boolean,
    private readonly onCommit?: (commits: number) => void,
  ) {}

  /** A chunk of git's output; lines may span chunks. */
  feed(chunk: Buffer): void {
    let s = 0;
    let e = chunk.indexOf(10);
    if (e !== -1 && this.carry.length) {
      this.carry.push(chunk.subarray(0, e));
      const line = Buffer.concat(this.carry);
      this.carry = [];
      this.line(line, 0, line.length);
      s = e + 1;
      e = chunk.indexOf(10, s);
    }
    for (; e !== -1; e = chunk.indexOf(10, s)) {
      this.line(chunk, s, e);
      s = e + 1;
    }
    if (s < chunk.length) this.carry.push(chunk.subarray(s));
  }

  end(): void {
    if (this.carry.length) {
      const line = Buffer.concat(this.carry);
      this.carry = [];
      this.line(line, 0, line.length);
    }
    this.flush();
  }

  private line(buf: Buffer, s: number, e: number): void {
    if (e > s && buf[e - 1] === 13) e--; // CRLF
    const b0 = buf[s];
    if (b0 === 1) {
      this.flush();
      const [commit, author, email, date] = buf.toString("utf8", s + 1, e).split("\u001f");
      this.commit = { commit: commit!, author: author!, email: email!, date: date! };
      this.stats.commits++;
      this.onCommit?.(this.stats.commits);
      this.file = null;
      return;
    }
    if (b0 === 0x64 && startsWithAscii(buf, s, e, "diff --git ")) {
      this.flush();
      this.file = null;
      this.inHunk = false;
      return;
    }
    const hunk = b0 === 0x40 && buf[s + 1] === 0x40;
    if (!this.inHunk) {
      if (b0 === 0x2b && startsWithAscii(buf, s, e, "+++ ")) {
        const p = unquote(buf.toString("utf8", s + 4, e));
        this.file = p === "/dev/null" ? null : p.replace(/^b\//, "");
      } else if (b0 === 0x42 && startsWithAscii(buf, s, e, "Binary files ")) {
        const m = / and (?:"?b\/)?(.+?)"? differ$/.exec(buf.toString("utf8", s, e));
        if (m && m[1] !== "/dev/null") this.emit(this.scanner.scanPath(m[1]!), null);
      } else if (hunk) {
        this.startHunk(buf, s, e);
      }
      return;
    }
    if (hunk) {
      this.startHunk(buf, s, e);
    } else if (b0 === 0x2b) {
      const len = e - s - 1;
      if (this.addedLen + len + 1 > this.added.length) {
        const bigger = Buffer.allocUnsafe(Math.max(this.added.length * 2, this.addedLen + len + 1));
        this.added.copy(bigger, 0, 0, this.addedLen);
        this.added = bigger;
      }
      buf.copy(this.added, this.addedLen, s + 1, e);
      this.addedLen += len;
      this.added[this.addedLen++] = 10;
      this.lineNos.push(this.next++);
    } else if (b0 === 0x20) {
      this.next++;
    }
  }

  private startHunk(buf: Buffer, s: number, e: number): void {
    this.inHunk = true;
    const m = /^@@ -\d+(?:,\d+)? \+(\d+)/.exec(buf.toString("latin1", s, Math.min(e, s + 64)));
    this.next = m ? Number(m[1]) : 1;
  }

  flush(): void {
    if (this.file && this.lineNos.length) {
      const file = this.file;
      if (!this.allowlistPaths || !isPathAllowlisted(file)) {
        const text = this.added.subarray(0, this.addedLen - 1); // without the last newline
        this.stats.files++;
        this.stats.bytes += text.length;
        const found = this.scanner.scanBuffer(text, file).filter((f) => !f.preview.startsWith("(file)"));
        if (found.length) this.emit(found, this.lineNos);
      }
    }
    this.addedLen = 0;
    this.lineNos = [];
    this.inHunk = false;
  }

  private emit(found: TFinding[], lineNos: number[] | null): void {
    for (const f of found) {
      const line = lineNos ? (lineNos[f.line - 1] ?? f.line) : f.line;
      this.findings.push(this.commit ? { ...f, line, ...this.commit } : { ...f, line });
    }
  }
}

function startsWithAscii(buf: Buffer, s: number, e: number, lit: string): boolean {
  if (e - s < lit.length) return false;
  for (let i = 0; i < lit.length; i++) if (buf[s + i] !== lit.charCodeAt(i)) return false;
  return true;
}

function unquote(p: string): string {
  if (!p.startsWith('"')) return p;
  // git C-quotes unusual names; octal escapes are UTF-8 bytes
  const bytes: number[] = [];
  const s = p.slice(1, -1);
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "\\" && /[0-7]{3}/.test(s.slice(i + 1, i + 4))) {
      bytes.push(parseInt(s.slice(i + 1, i + 4), 8));
      i += 3;
    } else if (s[i] === "\\") {
      const c = s[++i]!;
      bytes.push(({ n: 10, t: 9, '"': 34, "\\": 92 } as Record<string, number>)[c] ?? c.charCodeAt(0));
    } else bytes.push(...Buffer.from(s[i]!, "utf8"));
  }
  return Buffer.from(bytes).toString("utf8");
}

async function streamGit(cwd: string, args: string[], ds: DiffScanner): Promise<void> {
  const child = spawn("git", ["-c", "core.quotePath=false", ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const exited = new Promise<number>((resolve) => child.on("close", (c) => resolve(c ?? 1)));
  for await (const chunk of child.stdout) ds.feed(chunk as Buffer);
  ds.end();
  const code = await exited;
  if (code !== 0) throw new Error(`git ${args[0]} failed (${code}): ${stderr.trim().slice(0, 500)}`);
}

/** A unified diff (`git diff -U0`, `git log -p` with the history format) given as chunks of bytes. */
export function scanPatch(scanner: Scanner, chunks: Iterable<Buffer>, opts: { allowlistPaths?: boolean } = {}): TScanResult {
  const ds = new DiffScanner(scanner, opts.allowlistPaths !== false);
  for (const c of chunks) ds.feed(c);
  ds.end();
  return { findings: ds.findings, stats: ds.stats };
}

export type THistoryOptions = {
  /** Commits already scanned: their history is skipped (incremental discovery). */
  exclude?: string[];
  allowlistPaths?: boolean;
  /** Called as each commit starts (count so far): progress for long histories. */
  onCommit?: (commits: number) => void;
  /** Larger blobs only get the file-name rules (default DEFAULT_MAX_FILE_SIZE). */
  maxFileSize?: number;
};

const LOG_FORMAT = `--format=${COMMIT_MARK}%H%x1f%an%x1f%ae%x1f%aI`;

/** One request to `git cat-file --batch`: a blob, scanned as if at this path. */
type TBlobRequest = { blob: TBlob; path: string; profile: string; commitsBefore: number };
type TBlob = {
  /** path -> index (in git log's newest-first order) of the oldest commit adding this blob there */
  paths: Map<string, number>;
  /** the path it was first seen at */
  first: string;
  /** findings per path profile (see Scanner.pathProfile; "" is the first path's), labelled with the path scanned */
  scans: Map<string, TFinding[] | null>;
};

/**
 * Every commit on every branch and tag, each finding reported with the first (oldest) commit,
 * author and date that added it at that path.
 *
 * Each distinct blob is scanned once, whole, however many commits, branches or paths hold it:
 * `git log --raw` lists the blobs each commit adds (no diffs are computed), new ones go straight
 * to one `git cat-file --batch` process, and its output is scanned as it streams back, so the two
 * git processes and the scan overlap. A blob seen again under a path that changes which rules
 * apply (a Dockerfile, .npmrc, code file) is scanned again for that path. A secret kept across
 * later edits of its file is reported once, at the commit that introduced it. Merges count with
 * what they add themselves: content that differs from every parent (a conflict resolved with new
 * text), via git's combined format (-c).
 */
export async function scanGitHistory(scanner: Scanner, repo: string, opts: THistoryOptions = {}): Promise<TScanResult> {
  const stats = newStats();
  const allowlist = opts.allowlistPaths !== false;
  const maxFileSize = opts.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const commits: TCommit[] = [];
  const blobs = new Map<string, TBlob>();
  const profiles = new Map<string, string>();
  const profileOf = (p: string) => {
    let v = profiles.get(p);
    if (v === undefined) profiles.set(p, (v = scanner.pathProfile(p)));
    return v;
  };
  const profileKey = (blob: TBlob, path: string) => (path === blob.first || profileOf(path) === profileOf(blob.first) ? "" : profileOf(path));
  const queue: TBlobRequest[] = [];
  let queueHead = 0;
  let reported = 0;

  const cat = spawn("git", ["cat-file", "--batch", "--buffer"], { cwd: repo, stdio: ["pipe", "pipe", "pipe"] });
  const log = spawn("git", ["-c", "core.quotePath=false", "log", "--all", ...(opts.exclude?.length ? ["--not", ...opts.exclude] : []), "--raw", "-c", "--no-abbrev", "--no-renames", "-z", LOG_FORMAT], {
    cwd: repo,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  log.stderr.on("data", (d) => (stderr += d));
  cat.stderr.on("data", (d) => (stderr += d));
  cat.stdin.on("error", () => undefined); // cat-file gone: its exit code reports it

  // ---- git log --raw -z: "\x01<commit fields>\0" then per changed path ":<modes> <old> <new> <status>\0<path>\0"
  let pendingMeta: string | null = null;
  let logCarry: Buffer | null = null;
  let ids: string[] = [];
  const onToken = (tok: Buffer) => {
    if (pendingMeta === null) {
      const s = tok[0] === 10 ? 1 : 0; // the newline git puts between a commit's header and its changes
      if (tok[s] === 1) {
        const [commit, author, email, date] = tok.toString("utf8", s + 1).split("\u001f");
        commits.push({ commit: commit!, author: author!, email: email!, date: date! });
        stats.commits++;
      } else if (tok[s] === 0x3a) pendingMeta = tok.toString("latin1", s);
      return;
    }
    const meta = pendingMeta;
    pendingMeta = null;
    // ":100644 100644 <old> <new> M": the new side of an addition, modification or type change;
    // a merge's combined form has one colon, mode and id per parent first ("::m1 m2 m <p1> <p2> <new> MM")
    const parts = meta.split(" ");
    let parents = 0;
    while (meta.charCodeAt(parents) === 0x3a) parents++;
    const mode = parts[parents]!;
    const id = parts[2 * parents + 1]!;
    if (mode === "160000" || mode === "000000" || /^0+$/.test(id)) return; // submodule or deletion
    const path = tok.toString("utf8");
    if (allowlist && isPathAllowlisted(path)) return;
    const commitIdx = commits.length - 1;
    let blob = blobs.get(id);
    if (!blob) blobs.set(id, (blob = { paths: new Map(), first: path, scans: new Map() }));
    // newest first: the last commit seen adding it at this path is the oldest
    blob.paths.set(path, commitIdx);
    // profiles are only worked out for a blob seen at a second path
    const profile = profileKey(blob, path);
    if (!blob.scans.has(profile)) {
      blob.scans.set(profile, null);
      queue.push({ blob, path, profile, commitsBefore: commitIdx });
      ids.push(id);
    }
  };
  log.stdout.on("data", (chunk: Buffer) => {
    let s = 0;
    for (let e = chunk.indexOf(0); e !== -1; e = chunk.indexOf(0, s)) {
      if (logCarry) {
        onToken(Buffer.concat([logCarry, chunk.subarray(s, e)]));
        logCarry = null;
      } else onToken(chunk.subarray(s, e));
      s = e + 1;
    }
    if (s < chunk.length) logCarry = logCarry ? Buffer.concat([logCarry, chunk.subarray(s)]) : Buffer.from(chunk.subarray(s));
    if (ids.length) {
      cat.stdin.write(ids.join("\n") + "\n");
      ids = [];
    }
  });
  const logDone = new Promise<number>((resolve) => log.on("close", (c) => resolve(c ?? 1)));
  void logDone.then(() => cat.stdin.end(ids.length ? ids.join("\n") + "\n" : undefined));

  // ---- git cat-file --batch: "<id> blob <size>\n<content>\n" per request, in request order
  let header: Buffer | null = null; // partial header line
  let body: Buffer[] = [];
  let need = -1; // bytes of content (+ its newline) still to read; -1: reading a header
  let size = 0;
  const scanned = (req: TBlobRequest, content: Buffer | null) => {
    queueHead++;
    let found: TFinding[] = [];
    if (content === null) {
      // missing or not a blob: nothing to read
    } else if (content.length > maxFileSize || isBinary(content)) {
      stats.skipped++;
      found = scanner.scanPath(req.path);
    } else {
      stats.files++;
      stats.bytes += content.length;
      found = scanner.scanBuffer(content, req.path);
    }
    req.blob.scans.set(req.profile, found);
    // requests are answered in order: every commit listed before this blob's is fully scanned
    if (opts.onCommit && req.commitsBefore > reported) {
      reported = req.commitsBefore;
      opts.onCommit(reported);
    }
  };
  cat.stdout.on("data", (chunk: Buffer) => {
    let s = 0;
    while (s < chunk.length) {
      if (need < 0) {
        const nl = chunk.indexOf(10, s);
        if (nl === -1) {
          header = header ? Buffer.concat([header, chunk.subarray(s)]) : Buffer.from(chunk.subarray(s));
          return;
        }
        const line = (header ? Buffer.concat([header, chunk.subarray(s, nl)]) : chunk.subarray(s, nl)).toString("latin1");
        header = null;
        s = nl + 1;
        const req = queue[queueHead]!;
        const m = / (\w+) (\d+)$/.exec(line);
        if (!m || m[1] !== "blob") {
          if (m) {
            need = Number(m[2]) + 1; // another object type: skip its content
            size = -1;
          } else scanned(req, null); // "<id> missing"
          continue;
        }
        size = Number(m[2]);
        need = size + 1;
        body = [];
      }
      const take = Math.min(need, chunk.length - s);
      if (take === need && body.length === 0) {
        // the whole content is in this chunk: scan it in place
        if (size >= 0) scanned(queue[queueHead]!, chunk.subarray(s, s + size));
        else scanned(queue[queueHead]!, null);
      } else {
        body.push(chunk.subarray(s, s + take));
        if (take === need) {
          const all = Buffer.concat(body);
          body = [];
          scanned(queue[queueHead]!, size >= 0 ? all.subarray(0, size) : null);
        }
      }
      need -= take;
      s += take;
      if (need === 0) need = -1;
    }
  });
  const catDone = new Promise<number>((resolve) => cat.on("close", (c) => resolve(c ?? 1)));
  const [logCode, catCode] = await Promise.all([logDone, catDone]);
  if (logCode !== 0) throw new Error(`git log failed (${logCode}): ${stderr.trim().slice(0, 500)}`);
  if (catCode !== 0) throw new Error(`git cat-file failed (${catCode}): ${stderr.trim().slice(0, 500)}`);
  if (opts.onCommit && stats.commits > reported) opts.onCommit(stats.commits);

  // ---- findings: each (path, rule, secret) once, at the oldest commit adding it there
  const best = new Map<string, { f: TFinding; idx: number }>();
  for (const blob of blobs.values()) {
    for (const [path, idx] of blob.paths) {
      const found = blob.scans.get(profileKey(blob, path));
      if (!found?.length) continue;
      for (const f of found) {
        const key = `${path}\u0000${f.ruleId}\u0000${f.fingerprint}`;
        const prev = best.get(key);
        if (!prev || idx > prev.idx) best.set(key, { f: { ...f, file: path }, idx });
      }
    }
  }
  const findings = [...best.values()]
    .sort((a, b) => a.idx - b.idx || (a.f.file < b.f.file ? -1 : a.f.file > b.f.file ? 1 : 0) || a.f.line - b.f.line || a.f.column - b.f.column)
    .map(({ f, idx }) => ({ ...f, ...commits[idx]! }));
  return { findings, stats };
}

/** What `git commit` would add: the pre-commit check. */
export async function scanStaged(scanner: Scanner, repo: string, opts: { allowlistPaths?: boolean } = {}): Promise<TScanResult> {
  const ds = new DiffScanner(scanner, opts.allowlistPaths !== false);
  await streamGit(repo, ["diff", "--cached", "-U0", "--no-color", "--no-ext-diff", "--no-renames", "--no-textconv"], ds);
  return { findings: ds.findings, stats: ds.stats };
}

export function headCommits(repo: string): string[] {
  const out = gitOk(repo, ["rev-parse", "--all"]);
  return out ? out.split("\n").filter(Boolean) : [];
}
