import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { clientIpOf } from "@/lib/client-ip";
import { signInWithOidc, signInWithPassword } from "@/lib/domain/auth/service";

function clientIp(headers: Record<string, string | string[] | undefined> | Headers | undefined): string | null {
  if (!headers) return null;
  return clientIpOf((k) => (headers instanceof Headers ? headers.get(k) : ((headers[k] as string | undefined) ?? null)));
}

export const oidcEnabled = Boolean(process.env.OIDC_ISSUER && process.env.OIDC_CLIENT_ID);
export const oidcName = process.env.OIDC_NAME ?? "Single sign-on";

function oidcProvider(): NextAuthOptions["providers"] {
  if (!oidcEnabled) return [];
  const issuer = process.env.OIDC_ISSUER!.replace(/\/$/, "");
  return [
    {
      id: "oidc",
      name: oidcName,
      type: "oauth",
      wellKnown: `${issuer}/.well-known/openid-configuration`,
      clientId: process.env.OIDC_CLIENT_ID,
      clientSecret: process.env.OIDC_CLIENT_SECRET,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"],
      profile(p: { sub: string; email?: string; name?: string }) {
        return { id: p.sub, email: p.email ?? null, name: p.name ?? p.email ?? p.sub };
      },
    },
  ];
}

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
  pages: { signIn: "/signin", error: "/signin" },
  providers: [
    CredentialsProvider({
      id: "credentials",
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        const res = await signInWithPassword(credentials, clientIp(req?.headers));
        if (!res.ok) throw new Error(res.reason);
        return res.user;
      },
    }),
    ...oidcProvider(),
  ],
  callbacks: {
    async signIn({ account, profile }) {
      if (account?.provider !== "oidc") return true;
      const issuer = process.env.OIDC_ISSUER!.replace(/\/$/, "");
      const res = await signInWithOidc({ issuer, sub: String(profile?.sub ?? account.providerAccountId), email: profile?.email }, null);
      if (!res.ok) return `/signin?error=${res.reason}`;
      account.keywardUserId = res.user.id;
      return true;
    },
    async jwt({ token, user, account }) {
      if (account?.provider === "oidc" && account.keywardUserId) token.uid = account.keywardUserId as string;
      else if (user) token.uid = user.id;
      return token;
    },
    async session({ session, token }) {
      if (session.user) (session.user as { id?: string }).id = token.uid as string;
      return session;
    },
  },
};
