import type { Clock } from './clock';
import type { Actor } from './http';

/**
 * Who a session token or API key stands for, remembered for a few seconds so a burst of requests does not look the
 * same session up each time. This process forgets an entry at once on logout, a user's change (role, disabled,
 * password), a key's revocation and a workspace's change or deletion; other processes of a fleet see such a change
 * within the time to live (PIPEWISE_SESSION_CACHE_SECONDS; 0 turns the cache off).
 */
export type ActorCache = ReturnType<typeof createActorCache>;

export function createActorCache({ clock, ttlMs, max = 10_000 }: { clock: Clock; ttlMs: number; max?: number }) {
  const entries = new Map<string, { actor: Actor; until: number }>();
  const forgetWhere = (drop: (a: Actor) => boolean) => {
    for (const [k, e] of entries) if (drop(e.actor)) entries.delete(k);
  };
  return {
    get(key: string): Actor | undefined {
      const e = entries.get(key);
      if (!e) return undefined;
      if (e.until <= clock.now().getTime()) {
        entries.delete(key);
        return undefined;
      }
      return { ...e.actor }; // a copy: a request may not change what the next one sees
    },
    /** Remembers `actor` until the time to live is over, or `expiresAt` (the session's end) if that is sooner. */
    set(key: string, actor: Actor, expiresAt?: Date) {
      if (ttlMs <= 0) return;
      const now = clock.now().getTime();
      const until = Math.min(now + ttlMs, expiresAt ? expiresAt.getTime() : Infinity);
      if (until <= now) return;
      if (entries.size >= max) entries.delete(entries.keys().next().value!);
      entries.set(key, { actor, until });
    },
    forget: (key: string) => void entries.delete(key),
    /** A user's sessions and the API keys they created (a key's role follows its creator's). */
    forgetUser: (userId: string) => forgetWhere((a) => a.userId === userId),
    forgetApiKey: (keyId: string) => forgetWhere((a) => a.kind === 'api_key' && a.id === keyId),
    forgetWorkspace: (workspaceId: string) => forgetWhere((a) => a.workspaceId === workspaceId),
    get size() {
      return entries.size;
    },
  };
}
