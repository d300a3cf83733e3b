import { describe, expect, it } from 'vitest';
import { formatOfFile, parseKb } from './chatbot.kb';

describe('knowledge-base files', () => {
  it.each([
    ['faq.csv', 'csv'],
    ['FAQ.MD', 'markdown'],
    ['about.htm', 'html'],
    ['kb.json', 'json'],
    ['notes.txt', null],
  ])('%s is %s', (name, format) => expect(formatOfFile(name)).toBe(format));

  it('reads CSV with a BOM, quoted commas, variants and links', () => {
    const [e] = parseKb(
      'csv',
      '\uFEFFQuestion,Answer,Variants,Links\n"Open, today?","Yes, 9-5",a | b,https://x.example/h\n',
    );
    expect(e).toEqual({
      kind: 'faq',
      question: 'Open, today?',
      answer: 'Yes, 9-5',
      variants: ['a', 'b'],
      links: [{ label: 'https://x.example/h', url: 'https://x.example/h' }],
    });
  });

  it('reads Markdown headings and Q:/A: pairs', () => {
    const out = parseKb('markdown', '# Delivery?\nAlso: shipping\n2 days.\n\nQ: Returns?\nA: 30 days.');
    expect(out.map((e) => [e.question, e.answer, e.variants])).toEqual([
      ['Delivery?', '2 days.', ['shipping']],
      ['Returns?', '30 days.', []],
    ]);
  });

  it('splits HTML by headings into plain-text sections, dropping scripts, styles and navigation', () => {
    const out = parseKb(
      'html',
      '<title>Shop</title><style>p{}</style><p>Intro text</p><h2>Care &amp; use</h2><p>Rinse <i>well</i>.<script>x()</script></p><nav>menu</nav><h3>Empty</h3>',
    );
    expect(out.map((e) => [e.kind, e.question, e.answer])).toEqual([
      ['section', 'Shop', 'Intro text'],
      ['section', 'Care & use', 'Rinse well.'],
    ]);
  });

  it('refuses what holds nothing, naming the field', () => {
    expect(() => parseKb('csv', 'a,b\n1,2')).toThrow(/question/);
    expect(() => parseKb('json', '[{"question": "q"}]')).toThrow(/No entries/);
    expect(() => parseKb('html', '<p>no headings</p>')).toThrow(/No sections/);
    expect(() => parseKb('markdown', 'x\u0000')).toThrow(/NUL/);
  });
});
