// TLS endpoints: connects to each host:port, reads the certificate chain the server presents
// (without trusting it: expired and self-signed chains are exactly what we want to record) and
// reports each certificate for the certificate inventory.
import { X509Certificate } from "node:crypto";
import tls from "node:tls";
import { z } from "zod";
import { defineConnector, type TDiscoveredCertificate } from "../types";

const ZEndpoint = z
  .string()
  .trim()
  .regex(/^(?:\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, "Use host:port, e.g. api.example.com:443");

export const ZTlsConfig = z.strictObject({
  endpoints: z.array(ZEndpoint).min(1, "Give at least one host:port.").max(1000).describe("host:port, one per line"),
  /** SNI name when it differs from the host (e.g. connecting by IP). */
  serverName: z.string().trim().max(253).optional().describe("SNI server name (default: the host)"),
  timeoutMs: z.number().int().min(100).max(60_000).default(5000).describe("Connect timeout (ms)"),
});

function splitEndpoint(e: string): { host: string; port: number } {
  const i = e.lastIndexOf(":");
  return { host: e.slice(0, i).replace(/^\[|\]$/g, ""), port: Number(e.slice(i + 1)) };
}

export function describeKey(x: X509Certificate): string {
  const k = x.publicKey;
  const d = k.asymmetricKeyDetails ?? {};
  if (k.asymmetricKeyType === "rsa" || k.asymmetricKeyType === "rsa-pss") return `${k.asymmetricKeyType.toUpperCase()} ${d.modulusLength ?? "?"}`;
  if (k.asymmetricKeyType === "ec") return `EC ${d.namedCurve ?? "?"}`;
  return (k.asymmetricKeyType ?? "unknown").toUpperCase();
}

export function certificateRecord(x: X509Certificate, chainIndex: number, location: string, source: "endpoint" | "file"): TDiscoveredCertificate {
  const sans = (x.subjectAltName ?? "")
    .split(/,\s*/)
    .map((s) => s.trim())
    .filter(Boolean);
  const oneLine = (dn: string) => dn.split("\n").filter(Boolean).join(", ");
  return {
    fingerprintSha256: x.fingerprint256.replace(/:/g, "").toLowerCase(),
    subject: oneLine(x.subject),
    sans,
    issuer: oneLine(x.issuer),
    serial: x.serialNumber.toLowerCase(),
    notBefore: new Date(x.validFrom).toISOString(),
    notAfter: new Date(x.validTo).toISOString(),
    keyAlgorithm: describeKey(x),
    selfSigned: x.subject === x.issuer && x.checkIssued(x) && x.verify(x.publicKey),
    isCa: x.ca,
    chainIndex,
    source,
    location,
  };
}

/** The chain the server sends, leaf first. */
export function fetchChain(endpoint: string, opts: { serverName?: string; timeoutMs: number }): Promise<X509Certificate[]> {
  const { host, port } = splitEndpoint(endpoint);
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host,
      port,
      servername: opts.serverName ?? (/^[\d.]+$|:/.test(host) ? undefined : host),
      rejectUnauthorized: false,
      timeout: opts.timeoutMs,
    });
    const fail = (e: Error) => {
      socket.destroy();
      reject(new Error(`${endpoint}: ${e.message}`));
    };
    socket.once("timeout", () => fail(new Error("timed out")));
    socket.once("error", fail);
    socket.once("secureConnect", () => {
      const chain: X509Certificate[] = [];
      const seen = new Set<string>();
      let c: tls.DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
      while (c && c.raw && !seen.has(c.fingerprint256)) {
        seen.add(c.fingerprint256);
        chain.push(new X509Certificate(c.raw));
        c = c.issuerCertificate;
      }
      socket.end();
      resolve(chain);
    });
  });
}

export const tlsConnector = defineConnector({
  id: "tls",
  label: "TLS endpoints",
  description: "Records the certificate chain of each host:port (subject, SANs, issuer, serial, validity, key) in the certificate inventory.",
  configSchema: ZTlsConfig,
  credentialsSchema: null,
  capabilities: ["certificates"],
  async test(config) {
    const chain = await fetchChain(config.endpoints[0]!, config);
    return { ok: true, message: `${config.endpoints[0]}: ${chain.length} certificates, leaf ${chain[0]?.subject.replace(/\n/g, ", ") ?? "none"}` };
  },
  async discover(config, _creds, ctx) {
    let done = 0;
    let reached = 0;
    for (const endpoint of config.endpoints) {
      try {
        const chain = await fetchChain(endpoint, config);
        await ctx.emit({ certificates: chain.map((x, i) => certificateRecord(x, i, endpoint, "endpoint")) });
        reached++;
      } catch (e) {
        ctx.warn((e as Error).message);
      }
      await ctx.progress(++done, config.endpoints.length, `${done} of ${config.endpoints.length} endpoints`);
    }
    if (reached === 0) throw new Error(`no endpoint answered (${config.endpoints.length} tried)`);
    return { stats: { endpoints: config.endpoints.length, reached } };
  },
});
