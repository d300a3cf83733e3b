import { eq, isNull, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Actor } from './http';
import { forbidden } from './errors';
import type { Role } from '../modules/auth/auth.schema';

/** The one ranking of roles on the server (the web app mirrors it in packages/web/src/lib/types.ts). */
export const roleRank: Readonly<Record<Role, number>> = { viewer: 0, rep: 1, manager: 2, admin: 3, owner: 4 };

export const atLeast = (role: Role, min: Role) => roleRank[role] >= roleRank[min];
/** The lower of two roles: what an API key may do when its creator's role has changed since. */
export const lowerRole = (a: Role, b: Role): Role => (roleRank[a] <= roleRank[b] ? a : b);

/** Throws unless the actor's role is at least `min`. */
export function assertRole(actor: Actor, min: Role): void {
  if (!atLeast(actor.role, min)) throw forbidden(`This needs the ${min} role or higher; you are ${actor.role}`);
}

export const canWrite = (actor: Actor) => atLeast(actor.role, 'rep');
export const seesEverything = (actor: Actor) => actor.role !== 'rep';

/** The rows a rep may see: their own, plus unassigned ones when the workspace allows it. Everyone else: all. */
export function ownerScope(actor: Actor, ownerColumn: AnyColumn): SQL | undefined {
  if (seesEverything(actor)) return undefined;
  const mine = actor.userId ? eq(ownerColumn, actor.userId) : undefined;
  if (actor.repsSeeUnassigned) return mine ? or(mine, isNull(ownerColumn)) : isNull(ownerColumn);
  return mine ?? sql`false`; // a key acting as a rep has no records of its own
}

/** For a single record already loaded: may this actor touch it? */
export function ownsOrMaySee(actor: Actor, ownerId: string | null | undefined): boolean {
  if (seesEverything(actor)) return true;
  if (ownerId == null) return actor.repsSeeUnassigned;
  return ownerId === actor.userId;
}

export function assertCanWrite(actor: Actor): void {
  if (!canWrite(actor)) throw forbidden('Viewers cannot change records');
}
