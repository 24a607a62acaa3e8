import { NextResponse, type NextRequest } from "next/server";

// Sets a per-request CSP nonce (Next applies it to its own scripts) and sends people without a
// session cookie to the sign-in page. This is only a fast path: every page, action and route
// still authenticates and authorizes on the server.
export function proxy(req: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const dev = process.env.NODE_ENV !== "production";
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");

  const { pathname } = req.nextUrl;
  const isPublic = pathname.startsWith("/signin") || pathname.startsWith("/api/") || pathname.startsWith("/v1/");
  const hasSession = req.cookies.has("next-auth.session-token") || req.cookies.has("__Secure-next-auth.session-token");
  if (!isPublic && !hasSession) {
    const url = req.nextUrl.clone();
    url.pathname = "/signin";
    url.search = pathname === "/" ? "" : `?callbackUrl=${encodeURIComponent(pathname + req.nextUrl.search)}`;
    return NextResponse.redirect(url);
  }

  const headers = new Headers(req.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", csp);
  const res = NextResponse.next({ request: { headers } });
  res.headers.set("content-security-policy", csp);
  return res;
}

// API and Vault-compatible routes answer JSON and authenticate in their handlers: they skip the
// proxy (it halved their throughput) and get a static CSP from next.config.ts instead.
export const config = {
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico|api/|v1/).*)" }],
};
