// The OPD textarea's check: the server's rules (core/opd-list.ts), each problem on the line the
// person typed it, blank lines ignored.
import { checkOpdLines, opdListToLines } from '$src/app/state/admin/opd-lines.ts';

describe('checkOpdLines', () => {
  it('trims lines and skips blank ones', () => {
    expect(checkOpdLines('  Bapperinda \n\n\r\nDinas Kesehatan\n')).toEqual({
      list: ['Bapperinda', 'Dinas Kesehatan'],
      issues: [],
    });
    expect(checkOpdLines('')).toEqual({ list: [], issues: [] });
  });

  it('names the typed line of a duplicate (case ignored) and of a name that is too long', () => {
    const r = checkOpdLines(`Bapperinda\n\nBPKAD\nbapperinda\n${'x'.repeat(151)}`);
    expect(r.issues).toEqual([
      { line: 4, code: 'field.duplicate' },
      { line: 5, code: 'field.too_long' },
    ]);
  });

  it('more than 300 names is one issue for the whole list', () => {
    const text = Array.from({ length: 301 }, (_, i) => `OPD ${i}`).join('\n');
    expect(checkOpdLines(text).issues).toEqual([{ line: 0, code: 'field.too_many' }]);
    expect(checkOpdLines(text.split('\n').slice(0, 300).join('\n')).issues).toEqual([]);
  });

  it('round-trips a list through the textarea text', () => {
    const list = ['Bapperinda', 'Dinas Kesehatan'];
    expect(checkOpdLines(opdListToLines(list)).list).toEqual(list);
  });
});
