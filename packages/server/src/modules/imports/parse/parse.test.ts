import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { detectDelimiter, sniffEncoding, BinaryFileError } from './sniff';
import { readRows, sniffFile, FileShapeError } from './read';

const dir = mkdtempSync(path.join(os.tmpdir(), 'pw-parse-'));
let n = 0;
const file = (content: string | Buffer) => {
  const f = path.join(dir, `f${++n}.csv`);
  writeFileSync(f, content);
  return f;
};
async function rows(f: string) {
  const fmt = await sniffFile(f);
  const out: unknown[] = [];
  for await (const e of readRows(f, fmt)) out.push(e.kind === 'header' ? e.columns : [e.row, ...e.cells]);
  return { fmt, out };
}

describe('sniff', () => {
  it.each([
    ['a,b,c\n1,2,3\n', ','],
    ['a;b;c\n1;2,5;3\n4;5;6\n', ';'],
    ['a\tb\n1\t2\n', '\t'],
    ['a|b|c\n1|2|3\n', '|'],
    ['"x,y";b\n"1,2";3\n', ';'],
  ])('delimiter of %j is %j', (text, want) => expect(detectDelimiter(text)).toBe(want));

  it('tells UTF-8, Windows-1252 and BOMs apart, and refuses binary', () => {
    expect(sniffEncoding(Buffer.from('name\nJosé\n', 'utf8'))).toEqual({ encoding: 'utf-8', bom: false });
    expect(sniffEncoding(Buffer.from('name\nJos\xe9\n', 'latin1'))).toEqual({ encoding: 'windows-1252', bom: false });
    expect(sniffEncoding(Buffer.from('\ufeffname\n', 'utf8'))).toEqual({ encoding: 'utf-8', bom: true });
    expect(() => sniffEncoding(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]))).toThrow(BinaryFileError);
  });
});

describe('readRows', () => {
  it('keeps embedded newlines and quotes, numbers rows like a spreadsheet, strips the BOM', async () => {
    const { out } = await rows(file('\ufeffname,note\n"Smith, J","line 1\nline 2"\nDoe,"say ""hi"""\n'));
    expect(out).toEqual([
      ['name', 'note'],
      [2, 'Smith, J', 'line 1\nline 2'],
      [3, 'Doe', 'say "hi"'],
    ]);
  });
  it('decodes Windows-1252 files', async () => {
    const { fmt, out } = await rows(file(Buffer.from('name;city\nJos\xe9;K\xf6ln\n', 'latin1')));
    expect(fmt.encoding).toBe('windows-1252');
    expect(out[1]).toEqual([2, 'José', 'Köln']);
  });
  it('reads gzip files', async () => {
    const { fmt, out } = await rows(file(gzipSync(Buffer.from('a,b\n1,2\n'))));
    expect(fmt.gzip).toBe(true);
    expect(out).toEqual([
      ['a', 'b'],
      [2, '1', '2'],
    ]);
  });
  it('names the row of an unclosed quote', async () => {
    await expect(rows(file('a,b\n1,2\n3,"open\n4,5\n'))).rejects.toThrow(
      /Row 3: a quoted field is opened and never closed/,
    );
  });
  it('refuses an empty file', async () => {
    await expect(rows(file(''))).rejects.toThrow(FileShapeError);
  });
  it('streams many rows in order', async () => {
    const body = 'id,v\n' + Array.from({ length: 20000 }, (_, i) => `${i},x${i}`).join('\n');
    const { out } = await rows(file(body));
    expect(out.length).toBe(20001);
    expect(out[20000]).toEqual([20001, '19999', 'x19999']);
  });
});
