"use client";
import { Button } from "@/components/ui/button";

export default function ConsoleError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="mx-auto max-w-lg rounded-lg border border-red-200 bg-red-50 p-6 dark:border-red-900 dark:bg-red-950">
      <h2 className="font-semibold text-red-800 dark:text-red-200">This page could not be shown</h2>
      <p className="mt-2 text-sm text-red-700 dark:text-red-300">
        {error.message && !error.digest ? error.message : "Something went wrong on the server."}
        {error.digest ? ` Reference: ${error.digest}.` : null}
      </p>
      <Button className="mt-4" variant="secondary" onClick={reset}>Try again</Button>
    </div>
  );
}
