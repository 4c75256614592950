/**
 * What the sync engine pushes next: pages of the outbox in order, and the photos that must reach
 * the server before the attachment records naming them (text never waits behind photos).
 */
import type { Change } from '../../core/protocol.ts';
import type { LumbungDb } from '../db/db.ts';
import type { BlobRow, OutboxRow } from '../db/types.ts';

/** The wire form of an outbox row: exactly the Change, no local bookkeeping. */
export function toWire(row: OutboxRow): Change {
  const { changeId, table, id, fields, stamps, bases } = row;
  return { changeId, table, id, fields, stamps, bases };
}

/**
 * Oldest pending rows, at most `maxChanges` and about `maxBytes` of JSON (at least one row).
 * With `afterSeq`, only rows after that outbox position: the page that follows one still in
 * flight (its rows are pending until its answer is applied).
 */
export async function nextPushPage(
  d: LumbungDb,
  maxChanges: number,
  maxBytes: number,
  afterSeq?: number,
  hold?: ReadonlySet<string>,
): Promise<OutboxRow[]> {
  const held = (r: OutboxRow) => hold !== undefined && hold.has(r.id);
  const rows =
    afterSeq === undefined
      ? await d.outbox
          .where('state')
          .equals('pending')
          .filter((r) => !held(r))
          .limit(maxChanges)
          .toArray()
      : await d.outbox
          .where('seq')
          .above(afterSeq)
          .filter((r) => r.state === 'pending' && !held(r))
          .limit(maxChanges)
          .toArray();
  rows.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
  const page: OutboxRow[] = [];
  let bytes = 0;
  for (const r of rows) {
    const size = JSON.stringify(toWire(r)).length + 1;
    if (page.length > 0 && bytes + size > maxBytes) break;
    page.push(r);
    bytes += size;
  }
  return page;
}

/**
 * Photos on this device the server does not have yet, in outbox order, each with the attachment
 * records whose pending changes name it: those records wait until their photo is up, so text
 * never waits behind photos (DESIGN.md "Pages").
 */
export async function photosWaiting(
  d: LumbungDb,
): Promise<{ sha256: string; records: string[]; rows: OutboxRow[] }[]> {
  const notUp = new Set(await d.blobs.where('uploaded').equals(0).primaryKeys());
  if (notUp.size === 0) return [];
  const rows = await d.outbox
    .where('state')
    .equals('pending')
    .filter((r) => r.table === 'attachments' && typeof r.fields.sha256 === 'string')
    .toArray();
  rows.sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
  const bySha = new Map<string, { sha256: string; records: string[]; rows: OutboxRow[] }>();
  for (const r of rows) {
    const sha = r.fields.sha256 as string;
    if (!notUp.has(sha)) continue;
    const w = bySha.get(sha) ?? { sha256: sha, records: [], rows: [] };
    if (!w.records.includes(r.id)) w.records.push(r.id);
    w.rows.push(r);
    bySha.set(sha, w);
  }
  return [...bySha.values()];
}

export async function blobFor(d: LumbungDb, row: OutboxRow): Promise<BlobRow | null | undefined> {
  if (row.table !== 'attachments' || typeof row.fields.sha256 !== 'string') return undefined;
  return (await d.blobs.get(row.fields.sha256)) ?? null;
}

export async function markBlobUploaded(d: LumbungDb, sha256: string): Promise<void> {
  await d.blobs.update(sha256, { uploaded: 1 });
}
