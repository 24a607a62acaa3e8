#!/usr/bin/env node
// Local stand-in for the SSO token endpoint, so the front end can be run
// without Keycloak: `node scripts/mock-auth-server.js` then set
// VITE_AUTH_URL=http://localhost:4010. Every token is random and lives only
// in this process's memory.

import { createServer } from "node:http";
import { randomBytes, randomUUID, createHmac } from "node:crypto";

const PORT = Number(process.env.PORT ?? 4010);
const signingKey = randomBytes(32); // new on every start: tokens from a previous run are invalid
const issued = new Map();

function b64url(buf) {
  return Buffer.from(buf).toString("base64url");
}

function issueToken(sub, scope) {
  const header = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const now = Math.floor(Date.now() / 1000);
  const payload = b64url(JSON.stringify({ iss: `http://localhost:${PORT}`, sub, scope, iat: now, exp: now + 300, jti: randomUUID() }));
  const sig = b64url(createHmac("sha256", signingKey).update(`${header}.${payload}`).digest());
  return `${header}.${payload}.${sig}`;
}

createServer(async (req, res) => {
  if (req.method === "POST" && req.url === "/oauth/token") {
    let body = "";
    for await (const chunk of req) body += chunk;
    const form = new URLSearchParams(body);
    const accessToken = issueToken(form.get("username") ?? form.get("client_id") ?? "dev-user", form.get("scope") ?? "orders:read");
    const refreshToken = randomBytes(32).toString("hex");
    issued.set(refreshToken, Date.now());
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ access_token: accessToken, token_type: "Bearer", expires_in: 300, refresh_token: refreshToken }));
    return;
  }
  if (req.method === "POST" && req.url === "/api-keys") {
    res.writeHead(201, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ id: randomUUID(), prefix: "nw_test_", secret: `nw_test_${randomBytes(24).toString("base64url")}` }));
    return;
  }
  res.writeHead(404).end();
}).listen(PORT, () => console.log(`mock auth server on http://localhost:${PORT}`));
