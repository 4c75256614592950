/**
 * Who this device is in a workshop, kept in `meta`: the session made by joining (role, workshop,
 * person id, name, OPD, the participant code a facilitator shares) and, on a facilitator's shared
 * device, the kiosk person typing right now. The join's token goes where the sync engine keeps
 * its token (replica/sync-state.ts), in the same transaction as the session, so a device is never half
 * joined. Everything here is local IndexedDB work: after the one join request, all of it works
 * offline.
 */
// Narrow imports and hand-written guards, no zod: the shell reads the session on the first
// screen, whose budget has no room for a validation library.
import { mergeRecords } from '../../core/merge.ts';
import type { FieldValue, RecordDoc } from '../../core/record.ts';
import type { LumbungDb } from './db.ts';
import { deviceId } from '../replica/device.ts';
import { switchToken } from '../replica/sync-state.ts';
import type { StoredRecord } from './types.ts';

const KEY_SESSION = 'session';
const KEY_KIOSK = 'kiosk';

export const ROLES = ['participant', 'facilitator'] as const;
export type Role = (typeof ROLES)[number];

export interface Session {
  role: Role;
  workshopId: string;
  personId: string;
  name: string;
  opd: string;
  /** Facilitators only: the code participants join with (shown as text, link and QR). */
  participantCode: string | null;
  joinedAt: number;
}

/** A participant typing on the facilitator's device (kiosk mode). */
export interface KioskPerson {
  id: string;
  name: string;
  opd: string;
  startedAt: number;
}

/** Kiosk mode on this (facilitator's) device: present while the mode is on; `person` is who is
 * typing now, null between two people. */
export interface KioskState {
  person: KioskPerson | null;
  /** The facilitator's exit PIN (state/kiosk-pin.ts); null only for a kiosk started before it. */
  lock: KioskLock | null;
}

/** A salted hash of the kiosk PIN and the count of wrong tries (never the PIN itself). */
export interface KioskLock {
  algo: 'pbkdf2' | 'weak';
  salt: string;
  hash: string;
  failures: number;
  /** Epoch ms until which the exit refuses every PIN; 0 when not locked. */
  lockedUntil: number;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown, max: number, min = 0): v is string =>
  typeof v === 'string' && v.length >= min && v.length <= max;
const int = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** Validate a stored session (a row written by an older app may differ): null when not valid. */
export function parseSession(v: unknown): Session | null {
  if (!isObj(v)) return null;
  const { role, workshopId, personId, name, opd, participantCode, joinedAt } = v;
  if (role !== 'participant' && role !== 'facilitator') return null;
  if (!str(workshopId, 80, 1) || !str(personId, 80, 1) || !str(name, 100) || !str(opd, 150)) return null;
  if (participantCode !== null && !str(participantCode, 80)) return null;
  if (!int(joinedAt)) return null;
  return { role, workshopId, personId, name, opd, participantCode, joinedAt };
}

export function parseKioskPerson(v: unknown): KioskPerson | null {
  if (!isObj(v)) return null;
  const { id, name, opd, startedAt } = v;
  if (!str(id, 80, 1) || !str(name, 100, 1) || !str(opd, 150) || !int(startedAt)) return null;
  return { id, name, opd, startedAt };
}

export function parseKioskLock(v: unknown): KioskLock | null {
  if (!isObj(v)) return null;
  const { algo, salt, hash, failures, lockedUntil } = v;
  if (algo !== 'pbkdf2' && algo !== 'weak') return null;
  if (!str(salt, 64, 1) || !str(hash, 128, 1) || !int(failures) || !int(lockedUntil)) return null;
  return { algo, salt, hash, failures, lockedUntil };
}

export function parseKiosk(v: unknown): KioskState | null {
  if (!isObj(v)) return null;
  const lock = parseKioskLock(v.lock);
  if (v.person === null) return { person: null, lock };
  const person = parseKioskPerson(v.person);
  return person ? { person, lock } : null;
}

export async function getSession(d: LumbungDb): Promise<Session | null> {
  return parseSession((await d.meta.get(KEY_SESSION))?.value);
}

export async function getWorkshop(d: LumbungDb, id: string): Promise<StoredRecord | undefined> {
  return d.workshops.get(id);
}

export interface JoinedInput {
  token: string;
  session: Session;
  workshop: RecordDoc;
}

/**
 * Store a successful join in one transaction: token, session and the workshop record (merged,
 * as a pull would). The pull cursor is cleared: the token now sees another scope (the
 * workshop's entries), and re-pulling what is already here is harmless (the merge is idempotent).
 */
export async function saveJoin(d: LumbungDb, input: JoinedInput, now: number = Date.now()): Promise<void> {
  await d.transaction('rw', d.meta, d.workshops, async () => {
    await switchToken(d, input.token);
    await d.meta.put({ key: KEY_SESSION, value: input.session as unknown as FieldValue });
    const current = await d.workshops.get(input.workshop.id);
    const { doc } = mergeRecords(current, input.workshop);
    await d.workshops.put({ ...doc, updatedAt: now });
  });
}

export async function getKiosk(d: LumbungDb): Promise<KioskState | null> {
  return parseKiosk((await d.meta.get(KEY_KIOSK))?.value);
}

/** Kept in IndexedDB so a reload stays in kiosk mode with the same person (no escape by F5). */
export async function setKiosk(d: LumbungDb, state: KioskState | null): Promise<void> {
  if (state === null) await d.meta.delete(KEY_KIOSK);
  else await d.meta.put({ key: KEY_KIOSK, value: state as unknown as FieldValue });
}

/** The author ids whose entries are "mine" here: the joined person, and the device's own
 * entries from before joining (so nothing typed earlier disappears from the list). */
export async function myAuthorIds(d: LumbungDb): Promise<string[]> {
  const me = await deviceId(d);
  const s = await getSession(d);
  return s && s.personId !== me ? [s.personId, me] : [me];
}

/**
 * Whose entries "Entri saya" lists: once joined, the person's (a workshop's pulls bring other
 * people's entries too); before joining, every entry on the device: it holds only its own and
 * those of hand-over files the person imported, which have no other place to show.
 */
export async function listAuthorIds(d: LumbungDb): Promise<string[] | null> {
  return (await getSession(d)) ? myAuthorIds(d) : null;
}
