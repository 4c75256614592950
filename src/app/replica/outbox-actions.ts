/**
 * The person's own actions on a rejected change: send it again after fixing the field, or
 * discard it. Either way nothing typed is lost: values taken out of the change go to `history`.
 */
import { SYNCED_TABLES } from '../../core/record.ts';
import type { LumbungDb } from '../db/db.ts';
import type { OutboxRow, StoredRecord } from '../db/types.ts';
import { needsAttention } from './outbox-state.ts';
import { rewindCursor } from './sync-state.ts';

export async function rejectedFor(d: LumbungDb, recordId: string): Promise<OutboxRow[]> {
  const rows = await d.outbox.where('id').equals(recordId).toArray();
  return rows.filter(needsAttention).sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
}

/**
 * "Coba kirim lagi": after the person fixed the field in the form, the change goes back in the
 * queue. Fields that a later local write already replaced (the fix itself is a newer change) are
 * taken out of it first and kept in `history`; a change with nothing left is done and goes.
 */
export async function retryChange(d: LumbungDb, seq: number, now: number = Date.now()): Promise<void> {
  await d.transaction('rw', [d.outbox, d.history, ...SYNCED_TABLES.map((t) => d.table(t))], async () => {
    const row = await d.outbox.get(seq);
    if (!row) return;
    const rec = (await d.table(row.table).get(row.id)) as StoredRecord | undefined;
    const next: OutboxRow = { ...row, fields: {}, stamps: {}, bases: {}, state: 'pending' };
    delete next.error;
    for (const [f, stamp] of Object.entries(row.stamps)) {
      if (rec && rec.stamps[f] !== undefined && rec.stamps[f] > stamp) {
        await d.history.put({
          id: `superseded:${row.changeId}:${f}`,
          table: row.table,
          recordId: row.id,
          field: f,
          value: row.fields[f] ?? null,
          stamp,
          winnerStamp: rec.stamps[f],
          concurrent: false,
          at: now,
        });
        continue;
      }
      next.fields[f] = row.fields[f] ?? null;
      next.stamps[f] = stamp;
      next.bases[f] = row.bases[f] ?? null;
    }
    if (Object.keys(next.stamps).length === 0) await d.outbox.delete(seq);
    else await d.outbox.put(next);
  });
}

/**
 * "Buang perubahan ini": drop one rejected change. Its values are kept in `history` (nothing
 * typed is lost) and, where they are still the local value, taken out of the local record; the
 * cursor goes back to 0 so the next round re-pulls the server's value (merge is idempotent, so
 * the re-pull changes nothing else). A record left with no field is removed locally.
 */
export async function discardChange(d: LumbungDb, seq: number, now: number): Promise<void> {
  await d.transaction(
    'rw',
    [d.outbox, d.history, d.meta, ...SYNCED_TABLES.map((t) => d.table(t))],
    async () => {
      const row = await d.outbox.get(seq);
      if (!row) return;
      await d.outbox.delete(seq);
      const rec = (await d.table(row.table).get(row.id)) as StoredRecord | undefined;
      if (rec) {
        const next: StoredRecord = {
          ...rec,
          fields: { ...rec.fields },
          stamps: { ...rec.stamps },
          bases: { ...rec.bases },
        };
        for (const [f, stamp] of Object.entries(row.stamps)) {
          if (rec.stamps[f] !== stamp) continue;
          delete next.fields[f];
          delete next.stamps[f];
          delete next.bases[f];
        }
        if (Object.keys(next.stamps).length === 0) await d.table(row.table).delete(row.id);
        else await d.table(row.table).put(next);
      }
      for (const [f, stamp] of Object.entries(row.stamps)) {
        await d.history.put({
          id: `discard:${row.changeId}:${f}`,
          table: row.table,
          recordId: row.id,
          field: f,
          value: row.fields[f] ?? null,
          stamp,
          winnerStamp: stamp,
          concurrent: false,
          at: now,
        });
      }
      await rewindCursor(d);
    },
  );
}
