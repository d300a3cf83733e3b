import Papa from 'papaparse';
import { Parser } from 'htmlparser2';
import { AppError } from '../../platform/errors';
import { unstorableText } from '../../platform/fields';
import type { KbEntryKind } from './chatbot.schema';

/** One knowledge-base entry as read from a file (before it is stored). */
export type KbDraft = {
  kind: KbEntryKind;
  question: string;
  variants: string[];
  answer: string;
  links: { label: string; url: string }[];
};

export const kbFormats = ['csv', 'json', 'markdown', 'html'] as const;
export type KbFormat = (typeof kbFormats)[number];

export const KB_LIMITS = { question: 500, answer: 5000, variants: 50, entries: 2000 } as const;

const clean = (s: unknown) =>
  String(s ?? '')
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();

const splitVariants = (s: unknown) =>
  clean(s)
    .split(/\s*[|\n]\s*/)
    .map((v) => v.trim())
    .filter(Boolean);

const fail = (message: string, field = 'content') => new AppError('validation', message, { field });

/** The format named by a file's extension (the CLI and uploads). */
export function formatOfFile(name: string): KbFormat | null {
  const ext = name.toLowerCase().split('.').pop();
  if (ext === 'csv' || ext === 'tsv') return 'csv';
  if (ext === 'json') return 'json';
  if (ext === 'md' || ext === 'markdown') return 'markdown';
  if (ext === 'html' || ext === 'htm') return 'html';
  return null;
}

/** Parses one file into entries; a file that yields nothing, or a row without an answer, is a 400 naming it. */
export function parseKb(format: KbFormat, content: string): KbDraft[] {
  const why = unstorableText(content);
  if (why) throw fail(`Invalid content: ${why}`);
  const drafts =
    format === 'csv'
      ? parseCsv(content)
      : format === 'json'
        ? parseJson(content)
        : format === 'markdown'
          ? parseMarkdown(content)
          : parseHtml(content);
  const usable = drafts
    .map((d) => ({
      ...d,
      question: d.question.slice(0, KB_LIMITS.question),
      answer: d.answer.slice(0, KB_LIMITS.answer),
      variants: [...new Set(d.variants.map((v) => v.slice(0, KB_LIMITS.question)))]
        .filter((v) => v !== d.question)
        .slice(0, KB_LIMITS.variants),
    }))
    .filter((d) => d.question && d.answer);
  if (usable.length === 0)
    throw fail(
      format === 'html'
        ? 'No sections found: the page needs headings (h1-h4) with text under them'
        : `No entries found in this ${format.toUpperCase()} file: each needs a question and an answer`,
    );
  if (usable.length > KB_LIMITS.entries)
    throw fail(`Too many entries (${usable.length}); import at most ${KB_LIMITS.entries} at a time`);
  return usable;
}

function parseCsv(content: string): KbDraft[] {
  const parsed = Papa.parse<Record<string, string>>(content.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: 'greedy',
    transformHeader: (h) => h.trim().toLowerCase(),
  });
  const fields = parsed.meta.fields ?? [];
  const q = fields.find((f) => ['question', 'q', 'title'].includes(f));
  const a = fields.find((f) => ['answer', 'a', 'response'].includes(f));
  if (!q || !a) throw fail('The CSV needs a "question" and an "answer" column (optional: variants, links)');
  return parsed.data.map((row) => ({
    kind: 'faq' as const,
    question: clean(row[q]),
    answer: clean(row[a]),
    variants: splitVariants(row.variants ?? row.variant ?? ''),
    links: linksOf(row.links ?? row.link ?? ''),
  }));
}

function linksOf(value: unknown): { label: string; url: string }[] {
  if (Array.isArray(value))
    return value.flatMap((l) => {
      const url = typeof l === 'string' ? l : (l as { url?: unknown })?.url;
      const label = typeof l === 'string' ? l : ((l as { label?: unknown })?.label ?? url);
      return typeof url === 'string' && /^https?:\/\//i.test(url) ? [{ label: clean(label), url: url.trim() }] : [];
    });
  return splitVariants(value)
    .filter((u) => /^https?:\/\//i.test(u))
    .map((url) => ({ label: url, url }));
}

function parseJson(content: string): KbDraft[] {
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch (e) {
    throw fail(`The JSON file is not valid JSON: ${(e as Error).message}`);
  }
  const list = Array.isArray(data)
    ? data
    : data && typeof data === 'object'
      ? ((data as Record<string, unknown>).faqs ?? (data as Record<string, unknown>).entries)
      : null;
  if (!Array.isArray(list)) throw fail('The JSON file must be a list of {question, answer} (or {"faqs": [...]})');
  return list.map((e) => {
    const o = (e && typeof e === 'object' ? e : {}) as Record<string, unknown>;
    return {
      kind: 'faq' as const,
      question: clean(o.question ?? o.q ?? o.title),
      answer: clean(o.answer ?? o.a),
      variants: Array.isArray(o.variants) ? o.variants.map(clean).filter(Boolean) : splitVariants(o.variants ?? ''),
      links: linksOf(o.links ?? []),
    };
  });
}

/**
 * Markdown: every heading (#..####) is a question and the text under it the answer; a line "Also: a | b" (or
 * "Variants: ...") under it lists other ways to ask. "Q: ... / A: ..." pairs work too.
 */
function parseMarkdown(content: string): KbDraft[] {
  const out: KbDraft[] = [];
  let current: KbDraft | null = null;
  let body: string[] = [];
  const flush = () => {
    if (current) {
      current.answer = clean(body.join('\n'));
      out.push(current);
    }
    body = [];
  };
  for (const raw of content.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const line = raw.trimEnd();
    const heading = /^#{1,4}\s+(.*)$/.exec(line);
    const q = /^\s*\*{0,2}Q(?:uestion)?\s*[:.]\*{0,2}\s*(.+)$/i.exec(line);
    if (heading || q) {
      flush();
      current = { kind: 'faq', question: clean((heading ?? q)![1]), variants: [], answer: '', links: [] };
      continue;
    }
    const also = /^\s*(?:also|variants?|also asked)\s*:\s*(.+)$/i.exec(line);
    if (current && also) {
      current.variants.push(...splitVariants(also[1]));
      continue;
    }
    const a = /^\s*\*{0,2}A(?:nswer)?\s*[:.]\*{0,2}\s*(.*)$/i.exec(line);
    const text = a ? a[1]! : line;
    if (current) {
      for (const m of text.matchAll(/\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g))
        current.links.push({ label: clean(m[1]), url: m[2]! });
      body.push(text.replace(/\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g, '$1'));
    }
  }
  flush();
  return out;
}

/**
 * A web page split into sections by its headings (h1-h4): the heading is the section's title, the text up to the
 * next heading its content. Scripts, styles, navigation, headers and footers are left out; every tag is dropped,
 * so only plain text is stored.
 */
export function parseHtml(content: string): KbDraft[] {
  const out: KbDraft[] = [];
  const skip = new Set(['script', 'style', 'noscript', 'nav', 'footer', 'header', 'template', 'svg', 'form']);
  const block = new Set(['p', 'div', 'li', 'br', 'tr', 'section', 'article', 'dd', 'dt', 'blockquote', 'pre']);
  let skipping = 0;
  let inHeading = false;
  let heading = '';
  let title = '';
  let body = '';
  let pageTitle = '';
  let inTitle = false;
  let links: { label: string; url: string }[] = [];
  let href: string | null = null;
  let linkText = '';
  const flush = () => {
    const text = clean(body);
    if (text && (title || pageTitle))
      out.push({ kind: 'section', question: title || pageTitle, variants: [], answer: text, links });
    body = '';
    links = [];
  };
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (skip.has(name)) skipping++;
        if (skipping) return;
        if (name === 'title') inTitle = true;
        if (/^h[1-4]$/.test(name)) {
          flush();
          inHeading = true;
          heading = '';
        }
        if (name === 'a' && attrs.href && /^https?:\/\//i.test(attrs.href)) {
          href = attrs.href;
          linkText = '';
        }
        if (block.has(name)) body += '\n';
      },
      ontext(t) {
        if (skipping) return;
        if (inTitle) pageTitle += t;
        else if (inHeading) heading += t;
        else {
          body += t;
          if (href) linkText += t;
        }
      },
      onclosetag(name) {
        if (skip.has(name)) {
          skipping = Math.max(0, skipping - 1);
          return;
        }
        if (skipping) return;
        if (name === 'title') {
          inTitle = false;
          pageTitle = clean(pageTitle);
        }
        if (/^h[1-4]$/.test(name)) {
          inHeading = false;
          title = clean(heading);
        }
        if (name === 'a' && href) {
          links.push({ label: clean(linkText) || href, url: href });
          href = null;
        }
        if (block.has(name)) body += '\n';
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(content);
  parser.end();
  flush();
  return out;
}
