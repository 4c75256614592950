/** Documents for the shared-stamps tests (core/shared-stamps.ts and the IndexedDB codec). */
export const S1 = '001796165860213-00000-dev-a';
export const S2 = '001796165860213-00001-dev-a';

/** An entry as stored on a device, with these stamps and bases. */
export const doc = (stamps: Record<string, string>, bases: Record<string, string | null>) => ({
  table: 'entries',
  id: 'e1',
  fields: { nama: 'SIDOTI', opd: 'Dinas Kesehatan', deleted: false },
  stamps,
  bases,
  updatedAt: 5,
});

/** The same value for each field of `doc`. */
export const all = <T>(v: T) => ({ nama: v, opd: v, deleted: v });
