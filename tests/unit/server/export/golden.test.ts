/**
 * Golden files: the exact bytes of each export of the sample data. A change to a golden file
 * is a change offices will see, so it is reviewed in the diff. Regenerate with
 *   UPDATE_GOLDEN=1 npx vitest run tests/unit/server/export/golden.test.ts
 * Without UPDATE_GOLDEN the files are only compared (a missing file fails the test).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { exportStream, latestReviewByEntry, type ExportKind } from '$src/server/export/index.ts';
import { ENTRIES, NOW, REVIEWS, asAsync, readAll } from '../golden/fixtures.ts';

const DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

function golden(name: string, actual: string): void {
  const path = join(DIR, name);
  if (UPDATE) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
  }
  expect(existsSync(path), `golden file ${name} is missing: run with UPDATE_GOLDEN=1`).toBe(true);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

const reviews = latestReviewByEntry(REVIEWS);
/** A Pemda list with an OPD that has no entry (its recap row is all zeros). */
const OPD_LIST = ['Dinas Sosial', 'DPMPTSP', 'BPBD'];

describe('export golden files', () => {
  it.each(['iid', 'kipp', 'recap', 'ranking'] as const)('%s.csv', async (kind: ExportKind) => {
    const x = exportStream(kind, 'csv', asAsync(ENTRIES), { reviews, now: NOW, opdList: OPD_LIST });
    expect(x.contentType).toBe('text/csv; charset=utf-8');
    const bytes = await readAll(x.body);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    golden(`${kind}.csv`, new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes));
  });

  it('kipp.csv with word counts and ; as separator', async () => {
    const x = exportStream('kipp', 'csv', asAsync(ENTRIES), {
      reviews,
      now: NOW,
      separator: ';',
      kippWordCounts: true,
    });
    golden(
      'kipp-semicolon-wordcounts.csv',
      new TextDecoder('utf-8', { ignoreBOM: true }).decode(await readAll(x.body)),
    );
  });

  it.each(['iid', 'recap'] as const)('%s.xlsx: every part of the package', async (kind: ExportKind) => {
    const x = exportStream(kind, 'xlsx', asAsync(ENTRIES), { reviews, now: NOW, opdList: OPD_LIST });
    expect(x.contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const files = unzipSync(await readAll(x.body));
    const names = Object.keys(files);
    expect(names).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/worksheets/sheet1.xml',
      'xl/workbook.xml',
    ]);
    for (const name of names) golden(`${kind}.xlsx/${name}`, strFromU8(files[name]!));
  });
});
