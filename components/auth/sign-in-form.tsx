"use client";
import { useState } from "react";
import { signIn } from "next-auth/react";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input } from "@/components/ui/form";

const messages: Record<string, string> = {
  invalid: "The email or password is wrong.",
  CredentialsSignin: "The email or password is wrong.",
  locked: "Too many failed attempts: this account is locked for 15 minutes.",
  rate_limited: "Too many attempts from here. Wait a few minutes and try again.",
};

export function SignInForm({ error, callbackUrl, sso }: { error: string | null; callbackUrl: string; sso: { name: string } | null }) {
  const [message, setMessage] = useState<string | null>(error);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setPending(true);
    setMessage(null);
    const form = new FormData(e.currentTarget);
    const res = await signIn("credentials", { email: form.get("email"), password: form.get("password"), redirect: false });
    if (res?.ok && !res.error) {
      window.location.assign(callbackUrl);
      return;
    }
    setMessage(messages[res?.error ?? ""] ?? "Sign-in failed.");
    setPending(false);
  }

  return (
    <div className="space-y-4">
      <FormError message={message} />
      <form onSubmit={onSubmit} className="space-y-4">
        <Field label="Email" name="email">
          <Input id="email" name="email" type="email" autoComplete="username" required autoFocus />
        </Field>
        <Field label="Password" name="password">
          <Input id="password" name="password" type="password" autoComplete="current-password" required />
        </Field>
        <Button type="submit" className="w-full" disabled={pending}>
          {pending ? "Signing in…" : "Sign in"}
        </Button>
      </form>
      {sso ? (
        <>
          <div className="flex items-center gap-2 text-xs text-slate-400">
            <span className="h-px flex-1 bg-slate-200 dark:bg-slate-700" /> or <span className="h-px flex-1 bg-slate-200 dark:bg-slate-700" />
          </div>
          <Button type="button" variant="secondary" className="w-full" onClick={() => signIn("oidc", { callbackUrl })}>
            Continue with {sso.name}
          </Button>
        </>
      ) : null}
    </div>
  );
}
