"use client";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import type { TActionResult } from "@/lib/form-action";

/**
 * One button that runs a server action after the person confirms what it will do; a refusal
 * (e.g. "still holds 3 secrets") is shown beside it.
 */
export function ConfirmAction({
  action,
  label,
  confirm,
  variant = "danger",
  testId,
}: {
  action: (prev: TActionResult, fd: FormData) => Promise<TActionResult>;
  label: string;
  confirm: string;
  variant?: "danger" | "secondary";
  testId?: string;
}) {
  const [state, formAction, pending] = useActionState(action, { ok: false } as TActionResult);
  return (
    <form
      action={formAction}
      className="inline-flex flex-col items-start gap-1"
      onSubmit={(e) => {
        if (!window.confirm(confirm)) e.preventDefault();
      }}
    >
      <Button type="submit" variant={variant} disabled={pending} data-testid={testId}>
        {pending ? "Working…" : label}
      </Button>
      {!state.ok && state.message ? (
        <span role="alert" className="max-w-xs text-xs text-red-600 dark:text-red-400">
          {state.message}
        </span>
      ) : null}
    </form>
  );
}
