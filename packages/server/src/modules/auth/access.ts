import type { Actor } from '../../platform/http';
import { forbidden } from '../../platform/errors';
import type { Role } from './auth.schema';

// The role ranking and the row-visibility rules live in platform/roles.ts (platform/crud.ts applies them, and
// platform imports no module); this module re-exports them beside the rules about managing users.
export {
  roleRank,
  atLeast,
  lowerRole,
  assertRole,
  canWrite,
  seesEverything,
  ownerScope,
  ownsOrMaySee,
  assertCanWrite,
} from '../../platform/roles';
import { assertRole, atLeast } from '../../platform/roles';

/**
 * The one rule for acting on another user or on their API key: admins and owners act on those ranked below them,
 * owners also on other owners (so a workspace can replace an owner), and a signed-in user on themselves.
 * Raising anyone above one's own role is checked where roles are set.
 */
export function assertMayManage(actor: Actor, target: { userId: string | null; role: Role }, verb: string): void {
  assertRole(actor, 'admin');
  if (actor.kind === 'user' && target.userId !== null && target.userId === actor.userId) return;
  if (actor.role === 'owner') return;
  if (!atLeast(target.role, actor.role)) return;
  throw forbidden(
    `An ${actor.role} cannot ${verb} ${target.role === 'owner' || target.role === 'admin' ? 'an' : 'a'} ${target.role}`,
  );
}

/**
 * Someone else's password is set only by an owner, and only for a lower role; everyone changes their own at
 * POST /api/v1/account/password with the current one, so a stolen session cannot lock its owner out.
 */
export function assertMayResetPassword(actor: Actor, target: { id: string; role: Role }): void {
  // The CLI's operator can read the database anyway: `pipewise user password` is how a lost owner gets back in.
  if (actor.kind === 'system') return;
  if (actor.kind === 'user' && actor.userId === target.id) {
    throw forbidden('Change your own password at POST /api/v1/account/password, with your current password');
  }
  if (actor.role !== 'owner' || target.role === 'owner') {
    throw forbidden(
      `Only an owner can reset the password of a user ranked below them; this user is ${target.role === 'owner' ? 'an owner' : `a ${target.role}`}`,
    );
  }
}
