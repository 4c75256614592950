/**
 * One admin screen's calls to the server: `busy` while one runs (buttons wait), the last failure
 * as translated text that says what to do (adminErrorText), and the admin token, or the
 * "sign in again" error when the session has ended. Shared by the workshops, devices, OPD list
 * and facilitators views, which each had their own copy.
 */
import type { LumbungDb } from '../../db/db.ts';
import { adminErrorText } from '../../i18n/admin.ts';
import { adminToken } from '../../sync/admin-session.ts';
import { SyncError } from '../../sync/transport.ts';

export class AdminTask {
  #busy = $state(false);
  #error = $state('');
  readonly #db: LumbungDb;

  constructor(d: LumbungDb) {
    this.#db = d;
  }

  get busy(): boolean {
    return this.#busy;
  }
  get error(): string {
    return this.#error;
  }

  /** The signed-in admin's token; a 401 error (shown as "masuk lagi") when there is none. */
  token = async (): Promise<string> => {
    const t = await adminToken(this.#db);
    if (!t) throw new SyncError('api.unauthorized', 401, false);
    return t;
  };

  /** Run one call: busy meanwhile, its failure kept as text instead of thrown. */
  run = async (fn: () => Promise<void>): Promise<void> => {
    this.#busy = true;
    this.#error = '';
    try {
      await fn();
    } catch (e) {
      this.#error = adminErrorText(e);
    } finally {
      this.#busy = false;
    }
  };
}
