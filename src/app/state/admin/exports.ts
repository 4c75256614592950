/**
 * What the admin's Ekspor screen offers, and the server path of each file: every sheet (IID
 * profile, KIPP proposal, recap per OPD, ranking) as CSV with `;` (what Excel opens straight into
 * columns on Indonesian Windows), CSV with `,` (RFC 4180, other spreadsheets and Excel elsewhere)
 * and XLSX; and the JSON dump. A workshop filter narrows any of them to one workshop.
 */
export const EXPORT_SHEETS = ['iid', 'kipp', 'recap', 'ranking'] as const;
export type ExportSheet = (typeof EXPORT_SHEETS)[number];

export const EXPORT_VARIANTS = ['csv-semicolon', 'csv-comma', 'xlsx'] as const;
export type ExportVariant = (typeof EXPORT_VARIANTS)[number];

/** `/exports/iid.csv?sep=%3B&workshopId=w-1` — the path under /api/v1. */
export function exportPath(
  sheet: ExportSheet | 'all',
  variant: ExportVariant | 'json',
  workshopId: string,
): string {
  const ext = variant === 'xlsx' ? 'xlsx' : variant === 'json' ? 'json' : 'csv';
  const q = new URLSearchParams();
  if (variant === 'csv-semicolon') q.set('sep', ';');
  if (workshopId) q.set('workshopId', workshopId);
  const query = q.toString();
  return `/exports/${sheet}.${ext}${query ? `?${query}` : ''}`;
}

/** The name to save under if the server gave none: what the server would name it, minus the date. */
export function fallbackName(sheet: ExportSheet | 'all', variant: ExportVariant | 'json'): string {
  const stem = { iid: 'iid', kipp: 'kipp', recap: 'rekap-opd', ranking: 'peringkat', all: 'lumbung-inovasi' }[
    sheet
  ];
  if (variant === 'json') return `${stem}.json`;
  if (variant === 'xlsx') return `${stem}.xlsx`;
  return variant === 'csv-semicolon' ? `${stem}-titik-koma.csv` : `${stem}.csv`;
}

/** The stagnan list's file: `/exports/stagnan.csv?bulan=6&sep=%3B&workshopId=w-1`. */
export function stagnantExportPath(variant: ExportVariant, months: number, workshopId: string): string {
  const q = new URLSearchParams({ bulan: String(months) });
  if (variant === 'csv-semicolon') q.set('sep', ';');
  if (workshopId) q.set('workshopId', workshopId);
  return `/exports/stagnan.${variant === 'xlsx' ? 'xlsx' : 'csv'}?${q.toString()}`;
}

export function stagnantFallbackName(variant: ExportVariant): string {
  return variant === 'xlsx'
    ? 'stagnan.xlsx'
    : variant === 'csv-semicolon'
      ? 'stagnan-titik-koma.csv'
      : 'stagnan.csv';
}
