import { redirect } from "next/navigation";
import { getSessionUser } from "@/lib/actor";
import { oidcEnabled, oidcName } from "@/lib/auth";
import { SignInForm } from "@/components/auth/sign-in-form";

export const metadata = { title: "Sign in" };

const messages: Record<string, string> = {
  invalid: "The email or password is wrong.",
  CredentialsSignin: "The email or password is wrong.",
  locked: "Too many failed attempts: this account is locked for 15 minutes.",
  rate_limited: "Too many attempts from here. Wait a few minutes and try again.",
  not_invited: "Your single sign-on account has no Keyward access yet. Ask an administrator to invite you.",
  AccessDenied: "Your single sign-on account has no Keyward access yet. Ask an administrator to invite you.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string; callbackUrl?: string }> }) {
  if (await getSessionUser()) redirect("/");
  const { error, callbackUrl } = await searchParams;
  const safeCallback = callbackUrl?.startsWith("/") && !callbackUrl.startsWith("//") ? callbackUrl : "/";
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <div className="mb-8 flex items-center justify-center gap-2 text-2xl font-semibold tracking-tight">
          <span aria-hidden className="inline-block h-8 w-8 rounded bg-brand-600" />
          Keyward
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">
          <h1 className="mb-4 text-lg font-semibold">Sign in</h1>
          <SignInForm
            error={error ? (messages[error] ?? "Sign-in failed.") : null}
            callbackUrl={safeCallback}
            sso={oidcEnabled ? { name: oidcName } : null}
          />
        </div>
      </div>
    </main>
  );
}
