import type { z } from 'zod';
import type { Db, Tx } from '../../platform/db';
import type { Clock } from '../../platform/clock';
import type { AuditService } from '../audit/audit.service';
import { AppError, notFound } from '../../platform/errors';
import { mapDbError } from '../../platform/crud';
import type { Actor } from '../../platform/http';
import { assertRole } from '../auth/access';
import { createCustomFieldsRepo, type CustomFieldRow } from './custom-fields.repo';
import { customFieldEntities, type CustomFieldEntity } from './custom-fields.schema';
import type { customFieldCreateSchema, customFieldPatchSchema } from './custom-fields.fields';

const toRecord = ({ id, entity, key, label, type, options, required, position }: CustomFieldRow) => ({
  id,
  entity,
  key,
  label,
  type,
  options,
  required,
  position,
});
export const keyFromLabel = (label: string) =>
  (
    label
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/ß/g, 'ss')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .replace(/^(\d)/, 'f_$1') || 'field'
  ).slice(0, 60);

const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`));

/** Checks a record's custom values against the workspace's definitions; the message names the field by its label. */
export function checkValues(
  defs: Pick<CustomFieldRow, 'key' | 'label' | 'type' | 'options' | 'required'>[],
  values: Record<string, unknown>,
  requireAll: boolean,
  prefix = 'customFields',
) {
  for (const d of defs) {
    const v = values[d.key];
    const field = `${prefix}.${d.key}`;
    const fail = (what: string) => {
      throw new AppError('validation', `${d.label} ${what}`, { field });
    };
    if (v === undefined || v === null || v === '') {
      if (d.required && (requireAll || d.key in values)) fail('is required');
      continue;
    }
    if (d.type === 'number' && typeof v !== 'number') fail('must be a number');
    if (d.type === 'boolean' && typeof v !== 'boolean') fail('must be yes or no');
    if (d.type === 'text' && typeof v !== 'string') fail('must be text');
    if (d.type === 'date' && (typeof v !== 'string' || !isDate(v))) fail('must be a date (YYYY-MM-DD)');
    if (d.type === 'select' && (typeof v !== 'string' || !d.options.includes(v)))
      fail(`must be one of: ${d.options.join(', ')}`);
  }
}

export function createCustomFieldsService(deps: { db: Db; audit: AuditService; clock: Clock }) {
  const { db, audit, clock } = deps;
  const repo = createCustomFieldsRepo(db);
  return {
    list: async (actor: Actor, entity?: CustomFieldEntity) =>
      (await repo.list(actor.workspaceId, entity)).map(toRecord),

    /**
     * For the record services (through CrudServiceDeps): a create must carry every required field, and so must an
     * update that sends customFields (it replaces the object); an update without customFields is not checked.
     */
    async check(
      tx: Tx,
      workspaceId: string,
      entity: string,
      values: Record<string, unknown> | undefined,
      creating: boolean,
    ) {
      if (!(customFieldEntities as readonly string[]).includes(entity)) return;
      if (!creating && values === undefined) return;
      const defs = await repo.list(workspaceId, entity as CustomFieldEntity, tx);
      if (defs.length) checkValues(defs, values ?? {}, true);
    },

    async create(actor: Actor, input: z.infer<typeof customFieldCreateSchema>) {
      assertRole(actor, 'admin');
      return db
        .transaction(async (tx) => {
          const row = await repo.insert(tx, {
            workspaceId: actor.workspaceId,
            entity: input.entity,
            key: input.key ?? keyFromLabel(input.label),
            label: input.label,
            type: input.type,
            options: input.type === 'select' ? [...new Set(input.options ?? [])] : [],
            required: input.required ?? false,
            position: input.position ?? 0,
            createdAt: clock.now(),
          });
          await audit.record(tx, actor, {
            action: 'custom_field.create',
            entityType: 'custom_field',
            entityId: row.id,
            after: toRecord(row),
          });
          return toRecord(row);
        })
        .catch((e: unknown) => {
          if (e instanceof AppError) throw e;
          const code =
            (e as { code?: string; cause?: { code?: string } }).code ??
            (e as { cause?: { code?: string } }).cause?.code;
          if (code === '23505')
            throw new AppError(
              'conflict',
              `There is already a ${input.entity} field with the key "${input.key ?? keyFromLabel(input.label)}"`,
              {
                field: 'key',
              },
            );
          return mapDbError(e);
        });
    },

    async update(actor: Actor, id: string, input: z.infer<typeof customFieldPatchSchema>) {
      assertRole(actor, 'admin');
      return db.transaction(async (tx) => {
        const before = await repo.get(tx, actor.workspaceId, id);
        if (!before) throw notFound('Custom field', id);
        if (before.type === 'select' && input.options && input.options.length === 0)
          throw new AppError('validation', 'A choice field needs at least one option', { field: 'options' });
        const after = (await repo.update(tx, actor.workspaceId, id, {
          ...input,
          options: input.options && before.type === 'select' ? [...new Set(input.options)] : undefined,
        }))!;
        await audit.record(tx, actor, {
          action: 'custom_field.update',
          entityType: 'custom_field',
          entityId: id,
          before: toRecord(before),
          after: toRecord(after),
        });
        return toRecord(after);
      });
    },

    /** Removes the definition; values already stored on records stay in their customFields (nothing is lost). */
    async remove(actor: Actor, id: string) {
      assertRole(actor, 'admin');
      await db.transaction(async (tx) => {
        const before = await repo.get(tx, actor.workspaceId, id);
        if (!before) throw notFound('Custom field', id);
        await repo.remove(tx, actor.workspaceId, id);
        await audit.record(tx, actor, {
          action: 'custom_field.delete',
          entityType: 'custom_field',
          entityId: id,
          before: toRecord(before),
        });
      });
    },
  };
}
export type CustomFieldsService = ReturnType<typeof createCustomFieldsService>;
