/** A rep as allocation sees them: current open items, how many they can carry, and their territory. */
export type RepLoad = { userId: string; name: string; load: number; capacity: number; territory: string | null };
export type Lead = { contactId: string; country: string | null };
export type Assignment = { contactId: string; userId: string; reason: string };

/**
 * Hands leads to reps: reps whose territory is the lead's country first (fit), the least loaded relative to
 * capacity among those with room (capacity); when every fitting rep is full, round robin over all reps.
 * Loads are updated as leads are handed out, so one run spreads a batch instead of piling it on one rep.
 */
export function allocateLeads(leads: readonly Lead[], reps: readonly RepLoad[]): Assignment[] {
  if (reps.length === 0) return [];
  const state = reps.map((r) => ({ ...r }));
  let cursor = 0;
  const out: Assignment[] = [];
  for (const lead of leads) {
    const fitting = lead.country ? state.filter((r) => r.territory === lead.country) : [];
    const pool = fitting.length ? fitting : state;
    const withRoom = pool.filter((r) => r.load < r.capacity);
    let pick: (typeof state)[number];
    let reason: string;
    if (withRoom.length) {
      pick = withRoom.reduce((a, b) => (b.load / b.capacity < a.load / a.capacity ? b : a));
      reason = `${fitting.length ? `territory ${lead.country}` : 'no rep covers this country'}; ${pick.name} has the most room (${pick.load}/${pick.capacity} open items)`;
    } else {
      pick = state[cursor % state.length]!;
      cursor++;
      reason = 'every fitting rep is at capacity: round robin';
    }
    pick.load++;
    out.push({ contactId: lead.contactId, userId: pick.userId, reason });
  }
  return out;
}

/**
 * Moves not-yet-contacted leads from reps above the team's mean load to the least loaded reps, until no rep is more
 * than one item above the mean. `movable` lists each rep's leads that may move (newest first).
 */
export function rebalance(reps: readonly RepLoad[], movable: ReadonlyMap<string, readonly string[]>): Assignment[] {
  if (reps.length < 2) return [];
  const state = reps.map((r) => ({ ...r, pool: [...(movable.get(r.userId) ?? [])] }));
  const mean = state.reduce((s, r) => s + r.load, 0) / state.length;
  const out: Assignment[] = [];
  for (;;) {
    const from = state.filter((r) => r.pool.length).sort((a, b) => b.load - a.load)[0];
    const to = state.reduce((a, b) => (b.load < a.load ? b : a));
    if (!from || from.load <= Math.ceil(mean) || from.load - to.load <= 1) break;
    const contactId = from.pool.shift()!;
    from.load--;
    to.load++;
    out.push({
      contactId,
      userId: to.userId,
      reason: `moved from ${from.name} (above the team mean of ${mean.toFixed(1)}) to ${to.name}`,
    });
  }
  return out;
}
