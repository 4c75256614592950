/**
 * State of the receive screen ("Terima lewat QR"): frames feed the assembler; once it is
 * complete and its hash checks, the payload becomes the same preview a file gives; the person
 * applies it with the same merge. A refused transfer shows its message and starts over;
 * nothing is written before "Terapkan".
 */
import type { LumbungDb } from '../../db/db.ts';
import { storageErrorCode } from '../../db/errors.ts';
import type { ApplyResult } from '../../replica/handover-apply.ts';
import { HandoverError } from '../format.ts';
import { applyImport, type PreparedImport } from '../import.ts';
import { FrameAssembler } from './fountain.ts';
import { prepareQrImport } from './receive.ts';

export type ReceivePhase = 'scanning' | 'checking' | 'preview' | 'applying' | 'done';
export type Notice = 'foreign' | 'malformed' | 'other' | null;

export class QrReceiveState {
  readonly #db: LumbungDb;
  readonly #workshopId: () => string | null;
  readonly #rx = new FrameAssembler();

  phase = $state<ReceivePhase>('scanning');
  have = $state(0);
  need = $state(0);
  /** The last scan that was not used, for a hint (never an error: the room has other codes). */
  notice = $state<Notice>(null);
  /** Message code of a refused transfer or failed import. */
  error = $state<string | null>(null);
  prepared = $state.raw<PreparedImport | null>(null);
  result = $state.raw<ApplyResult | null>(null);

  constructor(db: LumbungDb, workshopId: () => string | null) {
    this.#db = db;
    this.#workshopId = workshopId;
  }

  /** One scanned text. Ignored outside scanning (the camera keeps reading during the preview). */
  scan(text: string): void {
    if (this.phase !== 'scanning') return;
    const r = this.#rx.add(text);
    if (r.kind === 'progress') {
      this.have = r.have;
      this.need = r.need;
      this.notice = null;
      this.error = null;
      if (this.#rx.complete) void this.#finish();
    } else if (r.kind !== 'duplicate') this.notice = r.kind;
  }

  async #finish(): Promise<void> {
    this.phase = 'checking';
    try {
      this.prepared = await prepareQrImport(this.#db, this.#rx, this.#workshopId());
      this.phase = 'preview';
    } catch (e) {
      this.error = e instanceof HandoverError ? e.code : 'handover.damaged';
      this.restart(false);
    }
  }

  async apply(): Promise<void> {
    const prepared = this.prepared;
    if (!prepared || this.phase !== 'preview') return;
    this.phase = 'applying';
    try {
      this.result = await applyImport(this.#db, prepared);
      this.prepared = null;
      this.phase = 'done';
    } catch (e) {
      this.error = storageErrorCode(e);
      this.phase = 'preview';
    }
  }

  /** Drop what was gathered and scan afresh (keeps a refusal's message unless `clear`). */
  restart(clear = true): void {
    this.#rx.reset();
    this.have = 0;
    this.need = 0;
    this.notice = null;
    this.prepared = null;
    if (clear) {
      this.error = null;
      this.result = null;
    }
    this.phase = 'scanning';
  }
}
