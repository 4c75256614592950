/**
 * The follow-up timeline of one innovation, built from what the server already keeps: the
 * change log of the entry (every stage change and carry to the next year's cycle, with the device
 * that made it and when), and the
 * entry's reviews and comments. Times are the author's HLC wall time (when the person made the
 * change, even offline), with the server's receipt time alongside.
 */
import { hlcWall, type RecordDoc } from '../../core/index.ts';
import type { DeviceRow, LogEntry, Store } from '../store/types.ts';

/** The entry fields a follow-up step fills besides the stage itself (DOMAIN.md tahapan). */
const STAGE_DETAIL_FIELDS = new Set(['waktuUjiCoba', 'waktuPenerapan', 'hasil']);

export interface Actor {
  deviceId: string;
  deviceName: string | null;
  role: string | null;
}

export type TimelineEvent =
  | { type: 'created'; at: number; receivedAt: number; by: Actor }
  | { type: 'stage'; at: number; receivedAt: number; from: string | null; to: string | null; by: Actor }
  | { type: 'stage_detail'; at: number; receivedAt: number; field: string; value: unknown; by: Actor }
  /** Carried on to the next year's IID cycle (years as text, like a stage's from → to). */
  | { type: 'carry'; at: number; receivedAt: number; from: string; to: string; by: Actor }
  | {
      type: 'review';
      at: number;
      id: string;
      status: unknown;
      reason: unknown;
      notes: unknown;
      by: string | null;
    }
  | { type: 'comment'; at: number; id: string; text: unknown; by: string | null };

export interface Timeline {
  entryId: string;
  nama: unknown;
  tahapan: unknown;
  events: TimelineEvent[];
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

function actorOf(devices: Map<string, DeviceRow>, log: LogEntry): Actor {
  const d = devices.get(log.deviceId);
  return { deviceId: log.deviceId, deviceName: d?.name ?? null, role: d?.role ?? null };
}

function entryEvents(history: LogEntry[], devices: Map<string, DeviceRow>): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  const first = history[0];
  if (first)
    events.push({
      type: 'created',
      at: hlcWall(first.stamp),
      receivedAt: first.receivedAt,
      by: actorOf(devices, first),
    });
  let stage: string | null = null;
  for (const log of history) {
    const base = { at: hlcWall(log.stamp), receivedAt: log.receivedAt, by: actorOf(devices, log) };
    if (log.field === 'tahapan') {
      const to = str(log.value);
      if (to !== stage) events.push({ type: 'stage', from: stage, to, ...base });
      stage = to;
    } else if (log.field === 'dibawaDariTahun' && typeof log.value === 'number') {
      events.push({ type: 'carry', from: String(log.value), to: String(log.value + 1), ...base });
    } else if (STAGE_DETAIL_FIELDS.has(log.field)) {
      events.push({ type: 'stage_detail', field: log.field, value: log.value, ...base });
    }
  }
  return events;
}

async function relatedEvents(store: Store, entryId: string): Promise<TimelineEvent[]> {
  const events: TimelineEvent[] = [];
  const about = (r: RecordDoc) => r.fields.entryId === entryId && r.fields.deleted !== true;
  const at = (r: RecordDoc) => (typeof r.fields.createdAt === 'number' ? r.fields.createdAt : 0);
  // A paged scan: reviews and comments carry entryId only inside their fields.
  for await (const r of store.iterateRecords('reviews')) {
    if (!about(r)) continue;
    const f = r.fields;
    events.push({
      type: 'review',
      at: at(r),
      id: r.id,
      status: f.status,
      reason: f.reason,
      notes: f.notes,
      by: str(f.reviewerName),
    });
  }
  for await (const r of store.iterateRecords('comments')) {
    if (about(r))
      events.push({
        type: 'comment',
        at: at(r),
        id: r.id,
        text: r.fields.text,
        by: str(r.fields.authorName),
      });
  }
  return events;
}

/** null when the entry does not exist. */
export async function entryTimeline(store: Store, entryId: string): Promise<Timeline | null> {
  const entry = await store.getRecord('entries', entryId);
  if (!entry) return null;
  const [history, devices, related] = await Promise.all([
    store.history('entries', entryId),
    store.listDevices(),
    relatedEvents(store, entryId),
  ]);
  const byId = new Map(devices.map((d) => [d.id, d]));
  const events = [...entryEvents(history, byId), ...related].sort((a, b) => a.at - b.at);
  return { entryId, nama: entry.fields.nama, tahapan: entry.fields.tahapan, events };
}
