/**
 * Clock skew: a phone whose clock is far off stamps its edits with the wrong time. Once the
 * device has learned its offset from the server, its pending changes are re-stamped with the real
 * time they were made, together with the stored records, later rows' bases, the clock state and
 * (when stamps moved back) the cursor, in ONE transaction.
 */
import { HLC_ZERO, hlcWall, receive, tick, type Hlc, type HlcState } from '../../core/hlc.ts';
import { SYNCED_TABLES } from '../../core/record.ts';
import type { LumbungDb } from '../db/db.ts';
import type { OutboxRow, StoredRecord } from '../db/types.ts';
import { readClock, saveClock } from './clock.ts';
import { getCursor, rewindCursor } from './sync-state.ts';

export interface RestampOptions {
  /** Learned offset from server time (server − local clock). */
  offset: number;
  /** Server time of the answer that taught the offset. */
  serverNow: number;
  node: string;
  /** A stamp further than this from the edit's real time counts as skewed. */
  tolerance: number;
}

/**
 * Give skewed pending changes the real time they were made. A change's real time is its local
 * `createdAt` plus the offset learned from the server; a stamp further than `tolerance` from it
 * (a clock a year ahead, or a year behind) gets that time instead. Stamps are re-issued in
 * outbox order by a small HLC that first folds in each field's base, so an edit still sorts
 * after the value its author saw and after the device's own earlier edits. Outbox rows, local
 * records and later rows' bases are rewritten in ONE transaction together with the clock state.
 * When stamps moved back and the device had already pulled, the cursor goes back to 0: a value
 * pulled earlier may have lost locally to the skewed stamp, and a re-pull lets merge redo that.
 * Returns how many changes were re-stamped.
 */
export async function restampSkewed(d: LumbungDb, o: RestampOptions): Promise<number> {
  const tables = SYNCED_TABLES.map((t) => d.table(t));
  return d.transaction('rw', [d.outbox, d.meta, ...tables], async () => {
    const rows = await d.outbox.orderBy('seq').toArray();
    const map = new Map<Hlc, Hlc>();
    let clock: HlcState = HLC_ZERO;
    let restamped = 0;
    let movedBack = false;
    const touched = new Map<string, { table: string; id: string }>();
    for (const row of rows) {
      const real = Math.min(row.createdAt + o.offset, o.serverNow);
      const skewed = row.state === 'pending' && isSkewed(row, o);
      const next: OutboxRow = { ...row, stamps: { ...row.stamps }, bases: { ...row.bases } };
      for (const [f, b] of Object.entries(row.bases)) if (b && map.has(b)) next.bases[f] = map.get(b)!;
      if (skewed) {
        // One new stamp per old one, in stamp order: the fields of one write share their stamp
        // (writeRecord), and keep sharing it, so the map from old to new stays a function.
        const olds = [...new Set(Object.values(row.stamps))].sort();
        for (const old of olds) {
          const fields = Object.keys(row.stamps).filter((f) => row.stamps[f] === old);
          for (const f of fields) {
            const base = next.bases[f];
            if (base) clock = receive(clock, base, real);
          }
          const t = tick(clock, real, o.node);
          clock = t.state;
          if (t.stamp < old) movedBack = true;
          map.set(old, t.stamp);
          for (const f of fields) next.stamps[f] = t.stamp;
        }
        restamped++;
      }
      if (skewed || Object.keys(row.bases).some((f) => next.bases[f] !== row.bases[f])) {
        await d.outbox.put(next);
        touched.set(`${row.table}/${row.id}`, { table: row.table, id: row.id });
      }
    }
    if (restamped === 0) return 0;

    for (const { table, id } of touched.values()) {
      const rec = (await d.table(table).get(id)) as StoredRecord | undefined;
      if (!rec) continue;
      const stamps = { ...rec.stamps };
      const bases = { ...rec.bases };
      for (const f of Object.keys(stamps)) if (map.has(stamps[f]!)) stamps[f] = map.get(stamps[f]!)!;
      for (const f of Object.keys(bases)) if (bases[f] && map.has(bases[f])) bases[f] = map.get(bases[f])!;
      await d.table(table).put({ ...rec, stamps, bases });
    }

    // The clock itself: never beyond what the server accepts, never below what was issued now.
    const cur = await readClock(d);
    const ceiling = o.serverNow + o.tolerance;
    const clamped: HlcState = cur.wall > ceiling ? { wall: ceiling, counter: 0 } : cur;
    const state =
      clamped.wall > clock.wall || (clamped.wall === clock.wall && clamped.counter >= clock.counter)
        ? clamped
        : clock;
    await saveClock(d, state);

    if (movedBack && (await getCursor(d)) > 0) await rewindCursor(d);
    return restamped;
  });
}

/**
 * Whether a row's stamps are far from the real time of its edit: ahead of what the server
 * accepts, or behind the edit's real time. "Behind" counts only when that real time is not in
 * the future: if it were, the clock moved AFTER the edit (it was right then, wrong now) and the
 * stamp is the better witness.
 */
function isSkewed(row: OutboxRow, o: Omit<RestampOptions, 'node'>): boolean {
  const real = row.createdAt + o.offset;
  const plausible = real <= o.serverNow + o.tolerance;
  return Object.values(row.stamps).some((s) => {
    const w = hlcWall(s);
    return w > o.serverNow + o.tolerance || (plausible && w < real - o.tolerance);
  });
}

/**
 * The pending changes of `rows` that carry a stamp the server would refuse or that is far behind
 * their real time. The engine asks this of each page before it leaves (rows it has read anyway),
 * instead of reading the whole outbox first: with 10,000 changes waiting, that read was a quarter
 * of a second before the first push.
 */
export function skewedRows(rows: readonly OutboxRow[], o: Omit<RestampOptions, 'node'>): OutboxRow[] {
  return rows.filter((row) => row.state === 'pending' && isSkewed(row, o));
}
