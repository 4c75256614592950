/**
 * What "Kirim lewat QR" sends by default (issue 24): the entries with anything not yet at the
 * server (the entry itself, or a photo, review or comment of it, still in the outbox).
 */
import { readUnsyncedEntryIds } from '$src/app/replica/handover-read.ts';
import { buildQrPayload } from '$src/app/handover/qr/payload.ts';
import { parseHandover } from '$src/app/handover/parse.ts';
import { freshDb, seedEntries, useStorableBlob } from '../fixtures.ts';

useStorableBlob();

describe('hand-over by QR: what is sent by default', () => {
  it('entries with outbox rows of their own or of what hangs off them; not those already at the server', async () => {
    const d = freshDb('qr-unsynced');
    try {
      const [a, b, c] = await seedEntries(d, ['Satu', 'Dua', 'Tiga']);
      // The server accepted everything of a and b; of b, a later comment waits again.
      const rows = await d.outbox.toArray();
      const ofEntry = async (id: string) =>
        rows.filter((r) => r.id === id || r.id === `a-${id}` || r.id === `r-${id}` || r.id === `c-${id}`);
      await d.outbox.bulkDelete([...(await ofEntry(a!)), ...(await ofEntry(b!))].map((r) => r.seq!));
      const comment = rows.find((r) => r.id === `c-${b!}`)!;
      await d.outbox.add({ ...comment, seq: undefined, changeId: `${comment.changeId}-again` });
      expect((await readUnsyncedEntryIds(d)).sort()).toEqual([b!, c!].sort());

      const payload = await buildQrPayload(d, { unsynced: true });
      expect(payload.entries).toBe(2);
      const parsed = await parseHandover(payload.bytes);
      expect(
        parsed.records
          .filter((r) => r.table === 'entries')
          .map((r) => r.id)
          .sort(),
      ).toEqual([b!, c!].sort());
    } finally {
      await d.delete();
    }
  });
});
