import { sql, type SQL } from 'drizzle-orm';
import { seesEverything } from './roles';
import type { Actor } from './http';

/**
 * The record-visibility rule of access.ts (a rep sees what they own, plus unassigned records when the workspace
 * allows it; other roles see everything) as a condition on any owner expression, for raw SQL and joins.
 */
export function ownedBy(actor: Actor, owner: SQL): SQL {
  if (seesEverything(actor)) return sql`true`;
  const mine = actor.userId ? sql`${owner} = ${actor.userId}` : sql`false`;
  return actor.repsSeeUnassigned ? sql`(${mine} or ${owner} is null)` : mine;
}

/**
 * Records that belong to a contact (orders) follow the contact's owner: a rep sees those of contacts they may see;
 * one with no contact counts as unassigned.
 */
export function viaContact(actor: Actor, contactId: SQL, workspaceId: SQL): SQL {
  if (seesEverything(actor)) return sql`true`;
  const unassigned = actor.repsSeeUnassigned ? sql`${contactId} is null or ` : sql``;
  return sql`(${unassigned}exists (select 1 from contacts sc where sc.id = ${contactId} and sc.workspace_id = ${workspaceId} and ${ownedBy(actor, sql`sc.owner_id`)}))`;
}
