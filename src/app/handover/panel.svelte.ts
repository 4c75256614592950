/**
 * State of the hand-over panel: export (build the file, then share or download it) and import
 * (check the file and show its plan, then apply on confirmation). Sharing is its own tap after
 * the file is built, because the Web Share API needs a fresh user gesture and building is async.
 * Every failure becomes a message code shown in the panel, never a console line alone.
 */
import type { LumbungDb } from '../db/db.ts';
import { storageErrorCode } from '../db/errors.ts';
import type { ApplyResult } from '../replica/handover-apply.ts';
import { exportHandover, type ExportedFile } from './export.ts';
import { HandoverError } from './format.ts';
import { applyImport, prepareImport, readHandoverFile, type PreparedImport } from './import.ts';
import { canShareFile, download, shareOrDownload, type ShareOutcome } from './share.ts';

export type ImportPhase = 'idle' | 'reading' | 'preview' | 'applying' | 'done';

export class HandoverPanelState {
  readonly #db: LumbungDb;
  readonly #onImported: ((r: ApplyResult) => void) | undefined;

  #exporting = $state(false);
  #exported = $state.raw<ExportedFile | null>(null);
  #shareOutcome = $state<ShareOutcome | null>(null);
  #exportError = $state<string | null>(null);

  #phase = $state<ImportPhase>('idle');
  #prepared = $state.raw<PreparedImport | null>(null);
  #importError = $state<string | null>(null);
  #result = $state.raw<ApplyResult | null>(null);

  constructor(db: LumbungDb, onImported?: (r: ApplyResult) => void) {
    this.#db = db;
    this.#onImported = onImported;
  }

  get exporting(): boolean {
    return this.#exporting;
  }
  get exported(): ExportedFile | null {
    return this.#exported;
  }
  get canShare(): boolean {
    return this.#exported !== null && canShareFile(this.#exported.file);
  }
  get shareOutcome(): ShareOutcome | null {
    return this.#shareOutcome;
  }
  /** Message code of the last export failure. */
  get exportError(): string | null {
    return this.#exportError;
  }
  get phase(): ImportPhase {
    return this.#phase;
  }
  get prepared(): PreparedImport | null {
    return this.#prepared;
  }
  /** Message code of the refused file or failed import. */
  get importError(): string | null {
    return this.#importError;
  }
  get result(): ApplyResult | null {
    return this.#result;
  }

  /** Build the file of all entries, or of `entryIds` when given. */
  async export(entryIds: readonly string[] | null): Promise<void> {
    this.#exporting = true;
    this.#exportError = null;
    this.#exported = null;
    this.#shareOutcome = null;
    try {
      this.#exported = await exportHandover(this.#db, entryIds ? { entryIds } : { all: true });
    } catch (e) {
      this.#exportError = e instanceof HandoverError ? e.code : storageErrorCode(e);
    } finally {
      this.#exporting = false;
    }
  }

  async share(title: string): Promise<void> {
    if (!this.#exported) return;
    this.#shareOutcome = await shareOrDownload(this.#exported.file, title);
  }

  download(): void {
    if (!this.#exported) return;
    download(this.#exported.file);
    this.#shareOutcome = 'downloaded';
  }

  /** Check a picked file and plan its import. Reads only: a refused file changes nothing. */
  async pick(file: Blob): Promise<void> {
    this.#phase = 'reading';
    this.#importError = null;
    this.#prepared = null;
    this.#result = null;
    try {
      const bytes = await readHandoverFile(file);
      this.#prepared = await prepareImport(this.#db, bytes);
      this.#phase = 'preview';
    } catch (e) {
      // Anything the checks did not name is still a file this app cannot read.
      this.#importError = e instanceof HandoverError ? e.code : 'handover.damaged';
      this.#phase = 'idle';
    }
  }

  async apply(): Promise<void> {
    const prepared = this.#prepared;
    if (!prepared || this.#phase !== 'preview') return;
    this.#phase = 'applying';
    try {
      this.#result = await applyImport(this.#db, prepared);
      this.#prepared = null;
      this.#phase = 'done';
      this.#onImported?.(this.#result);
    } catch (e) {
      // The import's one transaction rolled back: the preview stays, so the person can retry.
      this.#importError = storageErrorCode(e);
      this.#phase = 'preview';
    }
  }

  cancelImport(): void {
    this.#prepared = null;
    this.#importError = null;
    this.#phase = 'idle';
  }
}
