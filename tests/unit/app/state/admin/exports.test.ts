/** The Ekspor screen's choices: each sheet as `;` CSV, `,` CSV and XLSX, a workshop filter, and
 * the file saved under the name the server gave it (so the message and the file agree). */
import { describe, expect, it } from 'vitest';
import { exportPath, fallbackName } from '$src/app/state/admin/exports.ts';
import { filenameOf } from '$src/app/sync/admin-api.ts';

describe('admin exports', () => {
  it('builds the server path of every choice, with the separator and the workshop filter', () => {
    expect(exportPath('iid', 'csv-semicolon', '')).toBe('/exports/iid.csv?sep=%3B');
    expect(exportPath('iid', 'csv-comma', '')).toBe('/exports/iid.csv');
    expect(exportPath('recap', 'xlsx', 'w-1')).toBe('/exports/recap.xlsx?workshopId=w-1');
    expect(exportPath('ranking', 'csv-semicolon', 'w 2')).toBe('/exports/ranking.csv?sep=%3B&workshopId=w+2');
    expect(exportPath('all', 'json', '')).toBe('/exports/all.json');
  });

  it('falls back to the server’s names without the date', () => {
    expect(fallbackName('iid', 'csv-semicolon')).toBe('iid-titik-koma.csv');
    expect(fallbackName('recap', 'xlsx')).toBe('rekap-opd.xlsx');
    expect(fallbackName('all', 'json')).toBe('lumbung-inovasi.json');
  });

  it('reads the file name from Content-Disposition and refuses paths', () => {
    expect(filenameOf('attachment; filename="iid-titik-koma-2026-11-27.csv"')).toBe(
      'iid-titik-koma-2026-11-27.csv',
    );
    expect(filenameOf('attachment; filename="../etc/passwd"')).toBeNull();
    expect(filenameOf(null)).toBeNull();
  });
});
