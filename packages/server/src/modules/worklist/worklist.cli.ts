import type { Command } from 'commander';
import { and, eq } from 'drizzle-orm';
import { withServices, pickWorkspace, systemActor } from '../../platform/cli-kit';
import { AppError } from '../../platform/errors';
import { users } from '../auth/auth.schema';
import { formatHour } from './best-hour';

/** `pipewise worklist [--user EMAIL]`: a rep's list for today, as on the Today page. */
export function registerWorklistCommands(program: Command) {
  program
    .command('worklist')
    .description("a rep's prioritised list for today (why, suggested action, best hour)")
    .option('--user <email>', 'whose list (default: the only rep, or the owner)')
    .option('--workspace <id>', 'workspace id or name (default: the only one)')
    .option('--json', 'print JSON')
    .action((o) =>
      withServices(async (s) => {
        const ws = await pickWorkspace(s, o.workspace);
        const db = s.database.db;
        const people = await db
          .select({ id: users.id, email: users.email, role: users.role })
          .from(users)
          .where(
            o.user
              ? and(eq(users.workspaceId, ws.id), eq(users.email, String(o.user).toLowerCase()))
              : eq(users.workspaceId, ws.id),
          );
        if (o.user && people.length === 0) throw new AppError('not_found', `No user ${o.user} in workspace ${ws.name}`);
        const user = o.user ? people[0]! : (people.find((p) => p.role === 'owner') ?? people[0]);
        if (!user) throw new AppError('not_found', 'This workspace has no users');
        const list = await s.worklist.forUser({ ...systemActor(ws.id), userId: user.id }, user.id);
        if (o.json) return console.log(JSON.stringify(list, null, 2));
        console.log(
          `Worklist for ${list.user.name} <${list.user.email}>, ${list.generatedAt.slice(0, 10)}: ${list.items.length} items`,
        );
        list.items.forEach((i, k) => {
          console.log(
            `${String(k + 1).padStart(3)}. [${i.urgency}] ${i.title} — ${i.action}${i.bestHour !== null ? ` around ${formatHour(i.bestHour)}` : ''}, value ${i.expectedValue}`,
          );
          console.log(`       ${i.why}`);
        });
        for (const n of list.notes) console.log(`note: ${n}`);
      }),
    );
}
