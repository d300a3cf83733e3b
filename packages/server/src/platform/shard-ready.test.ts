import { describe, expect, it } from 'vitest';
import * as schema from './schema';
import { shardBlockers } from './shard-rules';
import { recordedShardBlockers } from './shard-exceptions';

describe('shard-ready schema (Citus, distributed by workspace_id)', () => {
  it('has no key that blocks distribution beyond the recorded ones', () => {
    const found = shardBlockers(Object.values(schema));
    const added = found.filter((b) => !recordedShardBlockers.includes(b));
    const fixed = recordedShardBlockers.filter((b) => !found.includes(b));
    // A new table: give it a composite key (workspace_id, id), unique keys and references that include workspace_id.
    expect(added, 'new keys without workspace_id (see docs/decisions/0130-shard-ready-schema.md)').toEqual([]);
    expect(fixed, 'recorded blockers that are gone: remove them from shard-exceptions.ts').toEqual([]);
  });

  it('finds what it should: a primary key, a unique key and a reference without workspace_id', async () => {
    const { pgTable, uuid, text, uniqueIndex, primaryKey } = await import('drizzle-orm/pg-core');
    const workspaces = schema.workspaces;
    const parent = pgTable('parent', {
      id: uuid('id').primaryKey(),
      workspaceId: uuid('workspace_id').references(() => workspaces.id),
    });
    const child = pgTable(
      'child',
      {
        id: uuid('id'),
        workspaceId: uuid('workspace_id').notNull(),
        parentId: uuid('parent_id').references(() => parent.id),
        code: text('code'),
      },
      (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), uniqueIndex('child_code_key').on(t.code)],
    );
    const good = pgTable(
      'good',
      {
        workspaceId: uuid('workspace_id')
          .notNull()
          .references(() => workspaces.id),
        id: uuid('id'),
      },
      (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
    );
    const global = pgTable('global', { id: uuid('id').primaryKey() });
    expect(shardBlockers([parent, child, good, global])).toEqual([
      'child: foreign key (parent_id) -> parent(id)',
      'child: unique child_code_key (code)',
      'global: no workspace_id',
      'parent: primary key (id)',
    ]);
  });
});
