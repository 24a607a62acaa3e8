import { redirect } from "next/navigation";
import { Nav, ThemeToggle } from "@/components/shell/nav";
import { SignOutButton } from "@/components/shell/sign-out";
import { getSessionUser } from "@/lib/actor";
import { roleLabels, isRole } from "@/lib/authz/permissions";
import { navigationFor } from "@/lib/navigation";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const user = await getSessionUser();
  if (!user) redirect("/signin");
  return (
    <div className="flex min-h-screen">
      {/* the column spans the whole page (its border and background too); the menu in it stays in view */}
      <div className="w-56 shrink-0 border-r border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <aside className="sticky top-0 flex h-screen flex-col px-3 py-4">
          <a href="/" className="mb-6 flex items-center gap-2 px-3 text-lg font-semibold tracking-tight">
            <span aria-hidden className="inline-block h-6 w-6 rounded bg-brand-600" />
            Keyward
          </a>
          <Nav items={navigationFor(user.role)} />
          <div className="mt-auto space-y-2 border-t border-slate-200 px-3 pt-3 text-xs dark:border-slate-800">
            <p className="truncate font-medium" title={user.email}>{user.name}</p>
            <p className="text-slate-500" data-testid="current-role">{isRole(user.role) ? roleLabels[user.role] : user.role}</p>
            <div className="flex gap-1">
              <ThemeToggle />
              <SignOutButton />
            </div>
          </div>
        </aside>
      </div>
      <main className="min-w-0 flex-1 px-8 py-6">{children}</main>
    </div>
  );
}
