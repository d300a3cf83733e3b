import { Liquid, type Template } from 'liquidjs';
import { AppError } from '../../platform/errors';
import type { MailKind } from './mail.schema';

/** The merge fields a template may use. Anything else is refused when the template is saved or previewed. */
export const mergeFields = {
  contact: [
    'first_name',
    'last_name',
    'full_name',
    'email',
    'phone',
    'title',
    'city',
    'country',
    'company',
    'lifecycle_stage',
  ],
  sender: ['name', 'email'],
  workspace: ['name'],
  unsubscribe_url: [],
  postal_address: [],
} as const satisfies Record<string, readonly string[]>;

export type MergeContext = {
  contact: Record<(typeof mergeFields.contact)[number], string | null>;
  sender: { name: string; email: string };
  workspace: { name: string };
  unsubscribe_url: string;
  postal_address: string;
};

export type TemplateParts = { subject: string; bodyHtml: string; bodyText: string };
export type RenderedParts = { subject: string; html: string; text: string };

const partField = { subject: 'subject', bodyHtml: 'bodyHtml', bodyText: 'bodyText' } as const;
const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

class MissingValue extends Error {}
/** An output with no value (a merge field empty for this contact and no `default`) stops the render. */
const checked = (escape: (s: string) => string) => (value: unknown) => {
  if (value === null || value === undefined || value === '') throw new MissingValue('no value');
  return escape(String(value));
};
const engineFor = (escape: (s: string) => string) =>
  new Liquid({
    strictVariables: true,
    strictFilters: true,
    ownPropertyOnly: true,
    outputEscape: checked(escape),
    cache: false,
  });
const htmlEngine = engineFor(escapeHtml);
const textEngine = engineFor((s) => s);

const describe = (e: unknown) => (e instanceof Error ? e.message : String(e));

function parse(engine: Liquid, source: string, field: string): Template[] {
  try {
    return engine.parse(source);
  } catch (e) {
    throw new AppError('validation', `${field}: the template does not parse: ${describe(e)}`, {
      field,
      issues: [{ path: field, message: describe(e) }],
    });
  }
}

/** Unknown merge fields, named with the part they are in; loop variables (`for x in ...`) are not global. */
function unknownFields(engine: Liquid, templates: Template[]): string[] {
  const unknown = new Set<string>();
  for (const segments of engine.globalVariableSegmentsSync(templates)) {
    const [root, prop] = segments.map(String);
    if (!root || !(root in mergeFields)) {
      unknown.add(segments.map(String).join('.'));
      continue;
    }
    const props = mergeFields[root as keyof typeof mergeFields] as readonly string[];
    if (props.length === 0 ? prop !== undefined : prop === undefined || !props.includes(prop))
      unknown.add(segments.map(String).join('.'));
  }
  return [...unknown];
}

/**
 * Checks syntax and merge fields of every part, and for marketing the legal footer: an unsubscribe link and the
 * business's postal address in both the HTML and the plain-text part.
 */
export function checkTemplate(parts: TemplateParts, kind: MailKind) {
  const issues: { path: string; message: string }[] = [];
  for (const key of Object.keys(partField) as (keyof TemplateParts)[]) {
    const engine = key === 'bodyHtml' ? htmlEngine : textEngine;
    const templates = parse(engine, parts[key], partField[key]);
    for (const name of unknownFields(engine, templates)) {
      const known = Object.entries(mergeFields).flatMap(([root, props]) =>
        props.length ? props.map((p) => `${root}.${p}`) : [root],
      );
      issues.push({ path: partField[key], message: `unknown merge field "${name}" (known: ${known.join(', ')})` });
    }
    // An empty HTML part is made from the text part, which then carries the footer.
    if (kind === 'marketing' && key !== 'subject' && parts[key].trim() !== '') {
      const used = new Set(engine.globalVariableSegmentsSync(templates).map((s) => String(s[0])));
      for (const required of ['unsubscribe_url', 'postal_address'] as const) {
        if (!used.has(required))
          issues.push({
            path: partField[key],
            message: `a marketing email must include {{ ${required} }} (required by law)`,
          });
      }
    }
  }
  if (issues.length > 0) {
    const first = issues[0]!;
    throw new AppError(
      'validation',
      `${first.path}: ${first.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`,
      { field: first.path, issues },
    );
  }
}

/** Renders all three parts for one recipient; a missing value or an unknown field is a 400 naming it, never a broken email. */
export async function renderTemplate(parts: TemplateParts, context: MergeContext): Promise<RenderedParts> {
  const out: Record<keyof TemplateParts, string> = { subject: '', bodyHtml: '', bodyText: '' };
  for (const key of Object.keys(partField) as (keyof TemplateParts)[]) {
    const engine = key === 'bodyHtml' ? htmlEngine : textEngine;
    const templates = parse(engine, parts[key], partField[key]);
    try {
      out[key] = String(await engine.render(templates, context));
    } catch (e) {
      const token = (e as { token?: { getText?: () => string } }).token?.getText?.();
      const missing =
        (e as { originalError?: unknown }).originalError instanceof MissingValue || describe(e).startsWith('no value');
      const message = missing
        ? `${token ?? 'a merge field'} has no value for this contact: add a fallback, e.g. {{ contact.first_name | default: "there" }}`
        : describe(e);
      throw new AppError('validation', `${partField[key]}: ${message}`, {
        field: partField[key],
        issues: [{ path: partField[key], message }],
      });
    }
  }
  return { subject: out.subject.replace(/[\r\n]+/g, ' ').trim(), html: out.bodyHtml, text: out.bodyText };
}
