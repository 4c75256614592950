/**
 * Who this device is: not joined, a participant or a facilitator of one workshop (person id,
 * name, OPD), and, on a facilitator's device in kiosk mode, the person typing right now. Loaded
 * once from IndexedDB at start (db/workshop.ts); joining needs the network once, everything after
 * works offline. The entry form asks `identity()` who its entries belong to.
 */
import { uuidv7 } from '../../core/ids.ts';
import type { RecordDoc } from '../../core/record.ts';
import type { LumbungDb } from '../db/db.ts';
import type { EntryAuthor } from '../db/entries.ts';
import { deviceId } from '../replica/device.ts';
import type { StoredRecord } from '../db/types.ts';
import type { PinCheck } from './kiosk-pin.ts';
import { loadDb } from './replica-load.ts';
import {
  getKiosk,
  getSession,
  getWorkshop,
  saveJoin,
  setKiosk,
  type KioskPerson,
  type KioskState,
  type Role,
  type Session,
} from '../db/workshop.ts';

/** What the entry form needs to know about who is typing. */
export interface FormIdentity {
  author: EntryAuthor;
  /** Kiosk person id: drafts are tagged with it and only that person's drafts are restored. */
  person: string | null;
  /** Prefilled into a new entry's OPD. */
  opd: string;
}

/** The answer of a join request, as session.join needs it (sync/join.ts validates it). */
export interface JoinAnswer {
  token: string;
  role: Role;
  personId: string;
  workshop: RecordDoc;
  participantCode?: string | undefined;
}

/** The role this device had at its last start, kept in localStorage so the navigation renders
 * its final links in the first paint instead of changing (and shifting the page) once
 * IndexedDB answers. It only decides what is shown until then; IndexedDB stays the truth. */
const ROLE_HINT_KEY = 'lumbung.role';
type RoleHint = Role | 'none';

function readRoleHint(): RoleHint {
  try {
    const v = globalThis.localStorage?.getItem(ROLE_HINT_KEY);
    return v === 'participant' || v === 'facilitator' ? v : 'none';
  } catch {
    return 'none';
  }
}

function writeRoleHint(v: RoleHint): void {
  try {
    if (v === 'none') globalThis.localStorage?.removeItem(ROLE_HINT_KEY);
    else globalThis.localStorage?.setItem(ROLE_HINT_KEY, v);
  } catch {
    // Private mode keeps no hint: the first navigation then waits for IndexedDB, slower but right.
  }
}

/** Kiosk mode is on, kept in localStorage too so that the first paint after a reload shows
 * the kiosk (not "Entri saya" of the facilitator) before IndexedDB answers. */
const KIOSK_HINT_KEY = 'lumbung.kiosk';

function readKioskHint(): boolean {
  try {
    return globalThis.localStorage?.getItem(KIOSK_HINT_KEY) === '1';
  } catch {
    return false;
  }
}

function writeKioskHint(on: boolean): void {
  try {
    if (on) globalThis.localStorage?.setItem(KIOSK_HINT_KEY, '1');
    else globalThis.localStorage?.removeItem(KIOSK_HINT_KEY);
  } catch {
    // Private mode: the shell waits for IndexedDB before showing a route (App.svelte).
  }
}

export class SessionState {
  #session = $state.raw<Session | null>(null);
  #workshop = $state.raw<StoredRecord | null>(null);
  #kiosk = $state.raw<KioskState | null>(null);
  #loaded = $state(false);
  #loading: Promise<void> | null = null;
  #db: () => Promise<LumbungDb>;

  /** `d`: the database, or how to load it (the app's own loads after the first paint). */
  constructor(d: LumbungDb | (() => Promise<LumbungDb>) = loadDb) {
    this.#db = typeof d === 'function' ? d : () => Promise.resolve(d);
  }

  /** The database this session lives in (tests pass their own). */
  database(): Promise<LumbungDb> {
    return this.#db();
  }
  get loaded(): boolean {
    return this.#loaded;
  }
  get current(): Session | null {
    return this.#session;
  }
  get role(): Role | null {
    return this.#session?.role ?? null;
  }
  get isFacilitator(): boolean {
    return this.#session?.role === 'facilitator';
  }
  /** For the navigation: the role once loaded, until then the one of the last start. */
  get navRole(): RoleHint {
    return this.#loaded ? (this.#session?.role ?? 'none') : readRoleHint();
  }
  get workshopId(): string | null {
    return this.#session?.workshopId ?? null;
  }
  get workshop(): StoredRecord | null {
    return this.#workshop;
  }
  get workshopName(): string {
    return String(this.#workshop?.fields.nama ?? '');
  }
  /** The workshop's OPD list (the Pemda's list, editable by the admin). */
  get opdList(): string[] {
    const l = this.#workshop?.fields.opdList;
    return Array.isArray(l) ? l.filter((x): x is string => typeof x === 'string') : [];
  }
  /** Kiosk mode is on; before the session is read, what the last start left in localStorage. */
  get kioskOn(): boolean {
    return this.#loaded ? this.#kiosk !== null : readKioskHint();
  }
  /** Leaving kiosk mode needs the facilitator's PIN (false only for a kiosk started without). */
  get kioskLocked(): boolean {
    return this.#kiosk?.lock != null;
  }
  get kioskPerson(): KioskPerson | null {
    return this.#kiosk?.person ?? null;
  }

  /** Read the session from IndexedDB (once; `reload` re-reads, e.g. in tests). */
  ready(reload = false): Promise<void> {
    if (!this.#loading || reload) {
      this.#loading = (async () => {
        const d = await this.#db();
        const s = await getSession(d);
        this.#session = s;
        this.#workshop = s ? ((await getWorkshop(d, s.workshopId)) ?? null) : null;
        this.#kiosk = s?.role === 'facilitator' ? await getKiosk(d) : null;
        this.#loaded = true;
        writeRoleHint(s?.role ?? 'none');
        writeKioskHint(this.#kiosk !== null);
      })();
    }
    return this.#loading;
  }

  /** Store a successful join (token, session, workshop) and become that person. */
  async joined(answer: JoinAnswer, name: string, opd: string, now: number = Date.now()): Promise<void> {
    const session: Session = {
      role: answer.role,
      workshopId: answer.workshop.id,
      personId: answer.personId,
      name,
      opd,
      participantCode: answer.participantCode ?? null,
      joinedAt: now,
    };
    await saveJoin(await this.#db(), { token: answer.token, session, workshop: answer.workshop }, now);
    await this.ready(true);
  }

  /** Who new entries belong to: the kiosk person, the joined person, or (not joined) nobody. */
  identity(): FormIdentity | null {
    const s = this.#session;
    if (!s) return null;
    const k = this.kioskPerson;
    if (this.kioskOn && k)
      return {
        author: { authorId: k.id, authorName: k.name, enteredBy: s.name, workshopId: s.workshopId },
        person: k.id,
        opd: k.opd,
      };
    return {
      author: { authorId: s.personId, authorName: s.name, enteredBy: null, workshopId: s.workshopId },
      person: null,
      opd: s.opd,
    };
  }

  /** The facilitator's id as a reviewer (the device id before joining, e.g. in a demo). */
  async reviewerId(): Promise<string> {
    return this.#session?.personId ?? deviceId(await this.#db());
  }

  /** Kiosk mode on, with the facilitator's exit PIN (checked by the caller: 4–8 digits). */
  async startKiosk(pin: string): Promise<void> {
    // Loaded on demand: the PIN code is not part of the participant's first screen.
    const { makeLock } = await import('./kiosk-pin.ts');
    await this.#setKiosk({ person: null, lock: await makeLock(pin) });
  }

  /** The next person starts typing: a local person id, kept only on this device and in entries. */
  async kioskBegin(name: string, opd: string, now: number = Date.now()): Promise<KioskPerson> {
    const person: KioskPerson = { id: uuidv7(now), name: name.trim(), opd: opd.trim(), startedAt: now };
    await this.#setKiosk({ person, lock: this.#kiosk?.lock ?? null });
    return person;
  }

  /** "Selesai, berikutnya": the current person is done; the kiosk waits for the next one. */
  async kioskNext(): Promise<void> {
    await this.#setKiosk({ person: null, lock: this.#kiosk?.lock ?? null });
  }

  /** Leave kiosk mode with the facilitator's PIN; a wrong one is counted (and stored), and too
   * many lock the exit for a while. A kiosk without a PIN (started before PINs) just ends. */
  async stopKiosk(pin: string, now: number = Date.now()): Promise<PinCheck> {
    const k = this.#kiosk;
    if (!k) return { ok: true };
    if (k.lock) {
      const { checkPin } = await import('./kiosk-pin.ts');
      const { result, lock } = await checkPin(k.lock, pin, now);
      if (!result.ok) {
        await this.#setKiosk({ ...k, lock });
        return result;
      }
    }
    await this.#setKiosk(null);
    return { ok: true };
  }

  async #setKiosk(state: KioskState | null): Promise<void> {
    await setKiosk(await this.#db(), state);
    this.#kiosk = state;
    writeKioskHint(state !== null);
  }
}

export const session = new SessionState();
