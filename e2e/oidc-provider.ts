// A real OpenID Connect provider for the browser tests, built on the certified `oidc-provider`
// package: one confidential client (the Keyward app under test) and the accounts in
// sso-accounts.ts, with its own sign-in and consent pages. scripts/test.ts runs it as a child
// process on loopback before it starts the app, and stops it afterwards.
//
//   OIDC_PROVIDER_PORT   port to listen on (127.0.0.1)
//   OIDC_CLIENT_ID       the app's client id
//   OIDC_CLIENT_SECRET   the app's client secret
//   OIDC_REDIRECT_URI    the app's callback, http://localhost:<port>/api/auth/callback/oidc
import { generateKeyPairSync, randomBytes } from "node:crypto";
import http from "node:http";
import Provider, { type Configuration, type KoaContextWithOIDC } from "oidc-provider";
import { SSO_ACCOUNTS, SSO_NAME } from "./sso-accounts.ts";

function required(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`oidc-provider: set ${name}`);
  return v;
}

const port = Number(required("OIDC_PROVIDER_PORT"));
const issuer = `http://127.0.0.1:${port}`;
const accounts = Object.values(SSO_ACCOUNTS);

const signingKey = { ...generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" }), kid: "e2e-1", alg: "RS256", use: "sig" };

const configuration: Configuration = {
  clients: [
    {
      client_id: required("OIDC_CLIENT_ID"),
      client_secret: required("OIDC_CLIENT_SECRET"),
      redirect_uris: [required("OIDC_REDIRECT_URI")],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
  ],
  async findAccount(_ctx: KoaContextWithOIDC, sub: string) {
    const account = accounts.find((a) => a.login === sub);
    if (!account) return undefined;
    return {
      accountId: sub,
      async claims() {
        return { sub, email: account.email, email_verified: true, name: account.name };
      },
    };
  },
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
  // next-auth reads the profile from the ID token, so the scope's claims go into it too.
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: false } },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  cookies: { keys: [randomBytes(32).toString("hex")] },
  jwks: { keys: [signingKey as never] },
  pkce: { required: () => true },
};

const provider = new Provider(issuer, configuration);
provider.on("server_error", (_ctx, err) => console.error("[oidc-provider] server_error", err));

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(SSO_NAME)}: ${esc(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:22rem;margin:4rem auto}label{display:block;margin:.6rem 0}input{width:100%;padding:.4rem}button{margin-top:.8rem;padding:.4rem 1rem}.error{color:#b00020}</style>
</head><body><h1>${esc(SSO_NAME)}</h1><h2>${esc(title)}</h2>${body}</body></html>`;
}

function loginForm(uid: string, error?: string) {
  return page(
    "Sign in",
    `${error ? `<p class="error" role="alert">${esc(error)}</p>` : ""}
<form method="post" action="/interaction/${esc(uid)}/login" autocomplete="off">
<label>Username <input name="login" required autofocus></label>
<label>Password <input name="password" type="password" required></label>
<button type="submit">Sign in</button></form>`,
  );
}

function consentForm(uid: string, clientId: string, scopes: string[]) {
  return page(
    "Authorize",
    `<p><strong>${esc(clientId)}</strong> asks for: ${scopes.map(esc).join(", ") || "your identity"}</p>
<form method="post" action="/interaction/${esc(uid)}/confirm"><button type="submit">Allow</button></form>
<form method="post" action="/interaction/${esc(uid)}/abort"><button type="submit">Cancel</button></form>`,
  );
}

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  let body = "";
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10_000) throw new Error("body too large");
  }
  return new URLSearchParams(body);
}

function send(res: http.ServerResponse, status: number, html: string) {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  res.end(html);
}

async function interaction(req: http.IncomingMessage, res: http.ServerResponse, uid: string, action: string | undefined) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) return send(res, 400, page("Error", "<p>Interaction mismatch.</p>"));
  const { prompt, params, session, grantId } = details;

  if (req.method === "GET" && !action) {
    if (prompt.name === "login") return send(res, 200, loginForm(uid));
    const scopes = String(params.scope ?? "").split(" ").filter(Boolean);
    return send(res, 200, consentForm(uid, String(params.client_id), scopes));
  }
  if (req.method !== "POST") return send(res, 405, page("Error", "<p>Method not allowed.</p>"));

  if (action === "login") {
    const form = await readForm(req);
    const account = accounts.find((a) => a.login === form.get("login") && a.password === form.get("password"));
    if (!account) return send(res, 200, loginForm(uid, "Wrong username or password."));
    return provider.interactionFinished(req, res, { login: { accountId: account.login } }, { mergeWithLastSubmission: false });
  }
  if (action === "confirm") {
    const grant = grantId
      ? await provider.Grant.find(grantId)
      : new provider.Grant({ accountId: session!.accountId, clientId: String(params.client_id) });
    if (!grant) return send(res, 400, page("Error", "<p>Grant not found.</p>"));
    const missing = prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    return provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
  }
  if (action === "abort") {
    return provider.interactionFinished(req, res, { error: "access_denied", error_description: "The user cancelled." }, { mergeWithLastSubmission: false });
  }
  return send(res, 404, page("Error", "<p>Not found.</p>"));
}

const callback = provider.callback();
const server = http.createServer((req, res) => {
  const m = /^\/interaction\/([\w-]+)(?:\/(\w+))?$/.exec(new URL(req.url ?? "/", issuer).pathname);
  if (!m) return void callback(req, res);
  interaction(req, res, m[1], m[2]).catch((err) => {
    console.error("[oidc-provider] interaction failed", err);
    if (!res.headersSent) send(res, 500, page("Error", `<p>${esc(String((err as Error).message))}</p>`));
  });
});

server.listen(port, "127.0.0.1", () => console.log(`[oidc-provider] ready at ${issuer}`));
const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
