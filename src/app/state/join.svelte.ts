/**
 * "Gabung lokakarya": step 1 sends the code and the name (the one request that needs the
 * network); step 2 asks the OPD from the workshop's own list, then stores token, session and
 * workshop in one transaction. Nothing is stored before step 2 is confirmed, and nothing at all
 * when the request fails; a failure is a translated message saying what to do.
 */
import { SyncError, type FetchLike } from '../sync/transport.ts';
import { join, JoinRequestSchema, type JoinResponse } from '../sync/join.ts';
import { savePickLists } from '../db/lists.ts';
import { deviceId } from '../db/records.ts';
import { deviceSecret, getToken } from '../db/syncstate.ts';
import type { SessionState } from './session.svelte.ts';

export type JoinStep = 'code' | 'opd' | 'done';

export interface JoinFlowDeps {
  session: SessionState;
  deviceId: () => Promise<string>;
  /** The device's current token (registered or joined before), sent along with the join. */
  token: () => Promise<string | null>;
  /** The device's own secret (db/syncstate.ts): the proof that a known device id is this one. */
  deviceSecret?: () => Promise<string>;
  baseUrl: string;
  fetch?: FetchLike | undefined;
  isOnline?: () => boolean;
}

/** An error to show: a code (translated by the screen) and the server's own texts, if any. */
export interface JoinFailure {
  code: string;
  message?: string | undefined;
  messageEn?: string | undefined;
}

export const OFFLINE = 'sync.net.offline';

export class JoinFlow {
  code = $state('');
  name = $state('');
  opd = $state('');
  #step = $state<JoinStep>('code');
  #busy = $state(false);
  #error = $state.raw<JoinFailure | null>(null);
  #fieldErrors = $state.raw<Record<string, string>>({});
  #answer = $state.raw<JoinResponse | null>(null);
  readonly #deps: JoinFlowDeps;

  constructor(deps: JoinFlowDeps, code = '') {
    this.#deps = deps;
    this.code = code;
  }

  get step(): JoinStep {
    return this.#step;
  }
  get busy(): boolean {
    return this.#busy;
  }
  get error(): JoinFailure | null {
    return this.#error;
  }
  fieldError(name: string): string | null {
    return this.#fieldErrors[name] ?? null;
  }
  get role(): JoinResponse['role'] | null {
    return this.#answer?.role ?? null;
  }
  get workshopName(): string {
    return String(this.#answer?.workshop.fields.nama ?? '');
  }
  get opdList(): string[] {
    const l = this.#answer?.workshop.fields.opdList;
    return Array.isArray(l) ? l.filter((x): x is string => typeof x === 'string') : [];
  }

  /** Step 1: ask the server. Facilitators are done at once (they need no OPD). */
  async submitCode(): Promise<void> {
    if (this.#busy) return;
    this.#error = null;
    const errs: Record<string, string> = {};
    if (!this.code.trim()) errs.code = 'field.required';
    if (!this.name.trim()) errs.name = 'field.required';
    else if (this.name.trim().length > 100) errs.name = 'field.too_long';
    this.#fieldErrors = errs;
    if (Object.keys(errs).length) return;
    if (this.#deps.isOnline?.() === false) {
      this.#error = { code: OFFLINE };
      return;
    }
    this.#busy = true;
    try {
      const req = JoinRequestSchema.parse({
        code: this.code.trim(),
        deviceId: await this.#deps.deviceId(),
        name: this.name.trim(),
        deviceSecret: await this.#deps.deviceSecret?.(),
      });
      this.#answer = await join(req, {
        baseUrl: this.#deps.baseUrl,
        fetch: this.#deps.fetch,
        token: await this.#deps.token(),
      });
      if (this.#answer.role === 'facilitator') await this.#store('');
      else {
        if (!this.opdList.includes(this.opd)) this.opd = '';
        this.#step = 'opd';
      }
    } catch (e) {
      this.#error =
        e instanceof SyncError
          ? { code: e.code, message: e.messageId, messageEn: e.messageEn }
          : { code: 'join.failed' };
    } finally {
      this.#busy = false;
    }
  }

  /** Step 2: the OPD, then everything is stored at once. */
  async submitOpd(): Promise<void> {
    const opd = this.opd.trim();
    if (!opd) {
      this.#fieldErrors = { opd: 'field.required' };
      return;
    }
    if (opd.length > 150) {
      this.#fieldErrors = { opd: 'field.too_long' };
      return;
    }
    this.#fieldErrors = {};
    this.#busy = true;
    try {
      await this.#store(opd);
    } catch {
      this.#error = { code: 'storage.failed' };
    } finally {
      this.#busy = false;
    }
  }

  async #store(opd: string): Promise<void> {
    const a = this.#answer;
    if (!a) return;
    await this.#deps.session.joined(a, this.name.trim(), opd);
    // The lists the forms offer, so a device that goes offline right after joining has them.
    if (a.lists) await savePickLists(this.#deps.session.db, a.lists, null);
    this.#step = 'done';
  }
}

/** The real dependencies: the app's session and device id, the page's own origin. */
export function defaultJoinDeps(session: SessionState, fetch?: FetchLike): JoinFlowDeps {
  return {
    session,
    deviceId: () => deviceId(session.db),
    token: () => getToken(session.db),
    deviceSecret: () => deviceSecret(session.db),
    baseUrl: typeof location !== 'undefined' ? location.origin : '',
    fetch,
    isOnline: () => typeof navigator === 'undefined' || navigator.onLine !== false,
  };
}
