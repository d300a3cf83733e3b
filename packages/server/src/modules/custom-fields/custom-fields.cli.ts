import type { Command } from 'commander';
import { AppError } from '../../platform/errors';
import { withServices, pickWorkspace, systemActor } from '../../platform/cli-kit';
import { customFieldEntities, customFieldTypes, type CustomFieldEntity } from './custom-fields.schema';
import { customFieldCreateSchema } from './custom-fields.fields';
import { validationError } from '../../platform/errors';

const entityOf = (v: string): CustomFieldEntity => {
  if (!(customFieldEntities as readonly string[]).includes(v))
    throw new AppError('validation', `--entity must be one of ${customFieldEntities.join(', ')}`, {
      field: '--entity',
    });
  return v as CustomFieldEntity;
};

/** `pipewise custom-field ...`: the same definitions as Settings → Custom fields. */
export function registerCustomFieldCommands(program: Command) {
  const cmd = program.command('custom-field').description('custom fields of contacts, companies and deals');
  cmd
    .command('list')
    .description('the custom fields defined in the workspace')
    .option('--entity <entity>', customFieldEntities.join(' | '))
    .option('--workspace <id>', 'workspace id or name')
    .option('--json', 'print JSON')
    .action((o) =>
      withServices(async (s) => {
        const ws = await pickWorkspace(s, o.workspace);
        const list = await s.customFields.list(systemActor(ws.id), o.entity ? entityOf(o.entity) : undefined);
        if (o.json) return console.log(JSON.stringify(list, null, 2));
        if (!list.length) return console.log('No custom fields yet: add one with `pipewise custom-field add`.');
        for (const f of list)
          console.log(
            `${f.entity.padEnd(8)} ${f.key.padEnd(24)} ${f.label.padEnd(24)} ${f.type}${f.options.length ? ` (${f.options.join(', ')})` : ''}${f.required ? '  required' : ''}`,
          );
      }),
    );
  cmd
    .command('add')
    .description('define a custom field')
    .requiredOption('--entity <entity>', customFieldEntities.join(' | '))
    .requiredOption('--label <label>', 'the name people see')
    .requiredOption('--type <type>', customFieldTypes.join(' | '))
    .option('--key <key>', 'key in customFields (default: from the label)')
    .option('--options <list>', 'for --type select: the choices, comma-separated')
    .option('--required', 'every new record must have a value')
    .option('--workspace <id>', 'workspace id or name')
    .action((o) =>
      withServices(async (s) => {
        const ws = await pickWorkspace(s, o.workspace);
        const parsed = customFieldCreateSchema.safeParse({
          entity: o.entity,
          label: o.label,
          type: o.type,
          key: o.key,
          options: o.options
            ? String(o.options)
                .split(',')
                .map((x) => x.trim())
            : undefined,
          required: Boolean(o.required),
        });
        if (!parsed.success)
          throw validationError(parsed.error.issues.map((i) => ({ ...i, path: i.path.map((p) => `--${String(p)}`) })));
        const f = await s.customFields.create(systemActor(ws.id), parsed.data);
        console.log(`Added ${f.entity} field "${f.label}" (key ${f.key}, ${f.type}${f.required ? ', required' : ''}).`);
      }),
    );
  cmd
    .command('remove')
    .description('remove a custom field definition (values already stored on records are kept)')
    .requiredOption('--entity <entity>', customFieldEntities.join(' | '))
    .requiredOption('--key <key>', 'the field key')
    .option('--workspace <id>', 'workspace id or name')
    .action((o) =>
      withServices(async (s) => {
        const ws = await pickWorkspace(s, o.workspace);
        const actor = systemActor(ws.id);
        const f = (await s.customFields.list(actor, entityOf(o.entity))).find((x) => x.key === o.key);
        if (!f) throw new AppError('not_found', `No ${o.entity} field with key "${o.key}"`, { field: '--key' });
        await s.customFields.remove(actor, f.id);
        console.log(`Removed ${f.entity} field "${f.label}".`);
      }),
    );
}
