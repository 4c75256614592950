/**
 * An entry at the largest size the server accepts: every text field at its length limit, in a
 * 3-byte UTF-8 script (Javanese), so its JSON is as many bytes as a change can carry (~760 KB,
 * under the 1 MB push limit). The pull tests and bench/server-hostile.ts page through these.
 */
import type { FieldValue } from '../../../../src/core/index.ts';

/** One character, 3 bytes in UTF-8 and in JSON (no escaping). */
const WIDE = 'ꦲ';

/** The long text fields of an entry and their limits (core/entry.ts). */
const LONG_FIELDS: Record<string, number> = {
  rancangBangun: 30_000,
  ...Object.fromEntries(
    [
      'tujuan',
      'manfaat',
      'hasil',
      'rbDasarHukum',
      'rbPermasalahan',
      'rbIsuStrategis',
      'rbMetode',
      'rbKeunggulan',
      'rbCaraKerja',
      'kippRingkasan',
      'kippLatarBelakang',
      'kippKebaruan',
      'kippImplementasi',
      'kippSignifikansi',
      'kippAdaptabilitas',
      'kippSumberDaya',
      'kippKeberlanjutan',
    ].map((f) => [f, 10_000]),
  ),
};

export function maximalEntryFields(authorId: string, seed = 0): Record<string, FieldValue> {
  const fields: Record<string, FieldValue> = {
    nama: `Inovasi besar ${seed}`,
    opd: 'Dinas Kesehatan',
    tahapan: 'Inisiatif',
    authorId,
  };
  for (const [name, max] of Object.entries(LONG_FIELDS)) fields[name] = WIDE.repeat(max);
  return fields;
}
