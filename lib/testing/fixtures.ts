// Test data made through the database with unique names, so tests never depend on each
// other or on empty tables.
import { randomUUID } from "node:crypto";
import type { Actor } from "@/lib/authz/authorize";
import type { TRole } from "@/lib/authz/permissions";
import { db, type Tx } from "@/lib/db";
import type { BackendKind } from "@/generated/prisma/client";

export const uid = () => randomUUID().slice(0, 8);

export async function makeTeam(name = `team-${uid()}`) {
  return db.team.create({ data: { name, slug: name.toLowerCase().replace(/[^a-z0-9]+/g, "-") } });
}

export async function makeUser(role: TRole, teamIds: string[] = [], extra: { passwordHash?: string } = {}) {
  const email = `${role}-${uid()}@example.test`;
  return db.user.create({
    data: { email, name: `${role} ${email}`, role, ...extra, memberships: { create: teamIds.map((teamId) => ({ teamId })) } },
  });
}

export function actorOf(user: { id: string; email: string; role: string }, teamIds: string[] = []): Actor {
  return { kind: "user", id: user.id, label: user.email, role: user.role, teamIds, ip: "127.0.0.1" };
}

/** A user of the role in a new team, with the matching actor. */
export async function makeActor(role: TRole, teamIds?: string[]) {
  const teams = teamIds ?? [(await makeTeam()).id];
  const user = await makeUser(role, teams);
  return { user, actor: actorOf(user, teams), teamIds: teams };
}

export async function makeBackend(kind: BackendKind = "keyward") {
  return db.backend.create({ data: { name: `backend-${uid()}`, kind } });
}

class RolledBack extends Error {}

/** Runs `fn` in a transaction that is always rolled back: what it changes, no one else sees. */
export async function withRollback(fn: (tx: Tx) => Promise<void>): Promise<void> {
  await db
    .$transaction(
      async (tx) => {
        await fn(tx);
        throw new RolledBack();
      },
      { timeout: 60_000 },
    )
    .catch((e: unknown) => {
      if (!(e instanceof RolledBack)) throw e;
    });
}
