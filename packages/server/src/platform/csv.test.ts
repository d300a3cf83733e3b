import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { csvLine, toCsv } from './csv';

describe('csv writer', () => {
  it.each([
    // papaparse also quotes a cell it prefixed, which spreadsheets read the same way.
    ['=1+1', `"'=1+1"`],
    ['+SUM(A1)', `"'+SUM(A1)"`],
    ['-2+3+cmd|" /C calc"!A0', `"'-2+3+cmd|"" /C calc""!A0"`],
    ['@cmd', `"'@cmd"`],
    ['\tTAB', `"'\tTAB"`],
    ['\r=x', `"'\r=x"`],
    ['=HYPERLINK("http://x")\nnext line', `"'=HYPERLINK(""http://x"")\nnext line"`],
    ['-12.5', '-12.5'],
    ['+44', '+44'],
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
  ])('%j is written as %j', (input, expected) => {
    expect(csvLine([input])).toBe(`${expected}\n`);
  });

  it('numbers, nulls and dates are plain cells', () => {
    expect(csvLine([-3, null, undefined, new Date('2026-05-01T00:00:00Z'), true])).toBe(
      '-3,,,2026-05-01T00:00:00.000Z,true\n',
    );
  });

  it('reads back as the same cells (with the quote prefix on formulas)', () => {
    const rows = [['=1', 'x,y', 'line\nbreak', '']];
    const parsed = Papa.parse<string[]>(toCsv(['a', 'b', 'c', 'd'], rows), { skipEmptyLines: true }).data;
    expect(parsed).toEqual([
      ['a', 'b', 'c', 'd'],
      ["'=1", 'x,y', 'line\nbreak', ''],
    ]);
  });
});
