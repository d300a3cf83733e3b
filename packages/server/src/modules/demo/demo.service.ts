import type { Db } from '../../platform/db';
import type { Clock } from '../../platform/clock';
import { AppError } from '../../platform/errors';
import { createDemoRepo, demoTables } from './demo.repo';
import { demoTableOrder, type DemoOptions, type DemoRows } from './demo.types';
import { generateDemo } from './generator';
import { demoEmailDomain } from './catalog';

export const demoPassword = 'demo-password';

export type DemoProgress = (fraction: number, message: string) => Promise<void> | void;
export type DemoLoadResult = {
  counts: Record<keyof DemoRows, number>;
  /** The sign-ins created (or reused) for the demo team; all share the password `demo-password`. */
  users: { email: string; role: string; created: boolean }[];
  seconds: number;
};

// Rows per INSERT: big enough that per-statement cost vanishes, small enough for steady progress and modest memory.
const ROWS_PER_STATEMENT = 5_000;
// Statements per transaction: progress is reported between transactions, never inside one (PGlite serialises
// every query behind an open transaction, so a progress write from inside would wait for itself).
const STATEMENTS_PER_TRANSACTION = 4;

/** `hashPassword` at the configured cost: the auth module's `passwords.hash`. */
export function createDemoService({
  db,
  clock,
  hashPassword,
}: {
  db: Db;
  clock: Clock;
  hashPassword: (password: string) => Promise<string>;
}) {
  const repo = createDemoRepo(db);

  async function load(
    workspaceId: string,
    options: Pick<DemoOptions, 'seed' | 'contacts'> = {},
    progress?: DemoProgress,
  ): Promise<DemoLoadResult> {
    const started = performance.now();
    if (await repo.hasContacts(workspaceId)) {
      throw new AppError('conflict', 'This workspace already has contacts: load the demo into an empty workspace', {
        workspaceId,
      });
    }
    await progress?.(0, 'Generating the demo business');
    const data = generateDemo(workspaceId, options, clock.now());
    const rows: DemoRows = data;

    const clash = await repo.existingSkus(
      workspaceId,
      rows.products.map((p) => p.sku!),
    );
    if (clash.length > 0)
      throw new AppError(
        'conflict',
        `This workspace already has products with the demo SKUs (${clash.slice(0, 3).join(', ')})`,
        { skus: clash },
      );
    const pipelineOffset = await repo.countPipelines(workspaceId);
    for (const p of rows.pipelines) p.position = (p.position ?? 0) + pipelineOffset;

    const userReport = await prepareUsers(workspaceId, rows);
    await shareWithOwner(workspaceId, rows);
    await progress?.(0.1, 'Generated; writing to the database');

    const skipTriggers = await repo.canSkipTriggers();
    const total = demoTableOrder.reduce((s, t) => s + rows[t].length, 0);
    let written = 0;
    const inserted: { table: keyof DemoRows; ids: string[] }[] = [];
    try {
      for (const name of demoTableOrder) {
        const list = rows[name] as readonly (Record<string, unknown> & { id: string })[];
        const step = ROWS_PER_STATEMENT * STATEMENTS_PER_TRANSACTION;
        for (let start = 0; start < list.length; start += step) {
          const batch = list.slice(start, start + step);
          await db.transaction(async (tx) => {
            if (skipTriggers) await repo.skipTriggers(tx);
            for (let i = 0; i < batch.length; i += ROWS_PER_STATEMENT)
              await repo.insertRows(tx, demoTables[name], batch.slice(i, i + ROWS_PER_STATEMENT));
          });
          inserted.push({ table: name, ids: batch.map((r) => r.id) });
          written += batch.length;
          await progress?.(
            0.1 + (0.89 * written) / total,
            `Writing ${name} (${written.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} rows)`,
          );
        }
      }
    } catch (e) {
      await removeInserted(workspaceId, inserted).catch(() => {});
      throw e;
    }

    await progress?.(0.99, 'Updating planner statistics');
    for (const name of demoTableOrder) await repo.analyze(demoTables[name]).catch(() => {}); // not the table owner: autovacuum will do it
    const counts = Object.fromEntries(demoTableOrder.map((t) => [t, rows[t].length])) as Record<keyof DemoRows, number>;
    await progress?.(1, 'Demo workspace ready');
    return { counts, users: userReport, seconds: (performance.now() - started) / 1000 };
  }

  /**
   * Reuses team members that already exist in this workspace and hashes the shared password once. Emails are
   * unique across the whole installation, so a second demo workspace gets addresses tagged with its id.
   */
  async function prepareUsers(workspaceId: string, rows: DemoRows) {
    const tagged = (email: string) =>
      email.replace(`@${demoEmailDomain}`, `+${workspaceId.slice(0, 8)}@${demoEmailDomain}`);
    const existing = await repo.usersByEmail(rows.users.flatMap((u) => [u.email, tagged(u.email)]));
    const byEmail = new Map(existing.map((u) => [u.email, u]));
    const remap = new Map<string, string>();
    const toCreate: (DemoRows['users'][number] & { passwordHash: string })[] = [];
    const report: DemoLoadResult['users'] = [];
    const passwordHash = await hashPassword(demoPassword);
    for (const u of rows.users) {
      const plain = byEmail.get(u.email);
      const email = plain && plain.workspaceId !== workspaceId ? tagged(u.email) : u.email;
      const mine = byEmail.get(email);
      if (mine && mine.workspaceId === workspaceId) {
        remap.set(u.id, mine.id);
        report.push({ email, role: u.role, created: false });
      } else if (mine) {
        remap.set(u.id, ''); // both addresses taken elsewhere: leave that rep's records unassigned
        report.push({ email, role: u.role, created: false });
      } else {
        toCreate.push({ ...u, email, passwordHash });
        report.push({ email, role: u.role, created: true });
      }
    }
    rows.users = toCreate;
    if (remap.size > 0) {
      const swap = (id: string | null | undefined) => (id && remap.has(id) ? remap.get(id) || null : (id ?? null));
      for (const r of [...rows.companies, ...rows.contacts, ...rows.deals, ...rows.activities])
        r.ownerId = swap(r.ownerId);
      for (const r of rows.dealStageHistory) r.changedBy = swap(r.changedBy);
    }
    return report;
  }

  /**
   * The person who loads the demo is usually the owner, and their Today list was empty: every fourth unassigned
   * contact and every unassigned open deal become theirs. The generated data is otherwise unchanged.
   */
  async function shareWithOwner(workspaceId: string, rows: DemoRows) {
    const owner = await repo.firstOwner(workspaceId);
    if (!owner) return;
    let i = 0;
    for (const c of rows.contacts) if (!c.ownerId && i++ % 4 === 0) c.ownerId = owner.id;
    for (const d of rows.deals) if (!d.ownerId && d.status === 'open') d.ownerId = owner.id;
  }

  async function removeInserted(workspaceId: string, inserted: { table: keyof DemoRows; ids: string[] }[]) {
    for (const { table, ids } of inserted.reverse()) {
      for (let i = 0; i < ids.length; i += 10_000)
        await repo.deleteByIds(db, demoTables[table], workspaceId, ids.slice(i, i + 10_000));
    }
  }

  return { load };
}
export type DemoService = ReturnType<typeof createDemoService>;
