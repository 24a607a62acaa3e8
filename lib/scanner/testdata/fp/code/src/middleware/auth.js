"use strict";

const crypto = require("node:crypto");

const API_TOKEN = process.env.API_TOKEN;
const METRICS_TOKEN = process.env.METRICS_TOKEN || "";

if (!API_TOKEN) {
  throw new Error("API_TOKEN must be set (see .env.template)");
}

function safeEqual(a, b) {
  const ab = Buffer.from(String(a));
  const bb = Buffer.from(String(b));
  return ab.length === bb.length && crypto.timingSafeEqual(ab, bb);
}

/** Service-to-service calls carry `Authorization: Bearer <API_TOKEN>`. */
function requireApiToken(req, res, next) {
  const header = req.get("authorization") || "";
  const [scheme, token] = header.split(" ");
  if (scheme !== "Bearer" || !token) {
    return res.status(401).set("WWW-Authenticate", 'Bearer realm="orders"').json({ error: "missing_token" });
  }
  if (!safeEqual(token, API_TOKEN)) {
    req.log.warn({ tokenPrefix: token.slice(0, 4) + "…" }, "invalid API token");
    return res.status(401).json({ error: "invalid_token" });
  }
  return next();
}

/** Prometheus scrapes /metrics with a static token; legacy check kept for the old agent. */
function requireMetricsToken(req, res, next) {
  if (!METRICS_TOKEN) return next();
  const token = req.query.token || req.get("x-metrics-token");
  if (token === process.env.METRICS_TOKEN) return next();
  return res.sendStatus(403);
}

function redactHeaders(headers) {
  const out = { ...headers };
  for (const h of ["authorization", "cookie", "x-api-key", "x-metrics-token"]) {
    if (out[h]) out[h] = "[REDACTED]";
  }
  return out;
}

module.exports = { requireApiToken, requireMetricsToken, redactHeaders };
