/**
 * Workshops are synced records like any other, written by the server: createWorkshop stamps
 * every field with the server's HLC and applies the change through the store (so it reaches
 * devices by the normal pull), then stores a participant and a facilitator join code. Shared by
 * the admin CLI and the admin routes.
 */
import {
  OPD_KOTA_BLITAR,
  PEMDA_RECORD_ID,
  pemdaOpdListOf,
  uuidv7,
  validateFields,
  type Change,
  type FieldIssue,
  type HlcClock,
  type RecordDoc,
} from '../../core/index.ts';
import { SERVER_DEVICE_ID } from '../store/push-tx.ts';
import type { SyncStore, WorkshopCodeStore } from '../store/types.ts';
import { newJoinCode } from './codes.ts';

export interface WorkshopDeps {
  /** The workshop record is written and read back like any record. */
  sync: Pick<SyncStore, 'getRecord' | 'applyChanges'>;
  /** Its join codes. */
  workshops: Pick<WorkshopCodeStore, 'putWorkshopCodes'>;
  hlc: HlcClock;
  /** Server time in ms. */
  clock: () => number;
}

export interface WorkshopInput {
  nama: string;
  /** ISO yyyy-mm-dd, or null when not fixed yet. */
  tanggal: string | null;
  tempat?: string;
  penyelenggara?: string;
  /** Defaults to the Pemda's list as the admins set it (pemda.ts), else OPD_KOTA_BLITAR. */
  opdList?: readonly string[];
  /** May participants read each other's entries (default true). */
  allowPeerRead?: boolean;
}

export interface WorkshopCodes {
  participantCode: string;
  facilitatorCode: string;
}

export interface CreatedWorkshop extends WorkshopCodes {
  workshop: RecordDoc;
}

/** Thrown when the input breaks workshopFieldSchemas; `issues` name the fields. */
export class WorkshopInputError extends Error {
  readonly issues: FieldIssue[];
  constructor(issues: FieldIssue[]) {
    super(`invalid workshop: ${issues.map((i) => `${i.path} ${i.code}`).join(', ')}`);
    this.issues = issues;
  }
}

/** What a new workshop's OPD list starts from: the Pemda's list when the admins set one. */
async function defaultOpdList(store: Pick<SyncStore, 'getRecord'>): Promise<readonly string[]> {
  const l = pemdaOpdListOf(await store.getRecord('workshops', PEMDA_RECORD_ID));
  return l && l.length > 0 ? l : OPD_KOTA_BLITAR;
}

export async function createWorkshop(deps: WorkshopDeps, input: WorkshopInput): Promise<CreatedWorkshop> {
  const now = deps.clock();
  const fields = {
    nama: input.nama.trim(),
    tanggal: input.tanggal,
    tempat: input.tempat ?? '',
    penyelenggara: input.penyelenggara ?? '',
    opdList: [...(input.opdList ?? (await defaultOpdList(deps.sync)))],
    allowPeerRead: input.allowPeerRead ?? true,
    closed: false,
    deleted: false,
  };
  const issues = validateFields('workshops', fields);
  if (issues.length > 0) throw new WorkshopInputError(issues);
  const id = uuidv7(now);
  await writeWorkshopFields(deps, id, fields);
  const codes = await rotateWorkshopCodes(deps, id);
  const workshop = await deps.sync.getRecord('workshops', id);
  if (!workshop) throw new Error(`workshop ${id} was not stored`);
  return { workshop, ...codes };
}

/** Write some fields of a workshop as the server (admin edits: close it, change the OPD list). */
export async function writeWorkshopFields(
  deps: WorkshopDeps,
  id: string,
  fields: Record<string, Change['fields'][string]>,
): Promise<void> {
  const issues = validateFields('workshops', fields);
  if (issues.length > 0) throw new WorkshopInputError(issues);
  // The CLI and each server process have clocks of their own: stamp after what is stored, so an
  // admin's edit always wins over the workshop's earlier state.
  const stored = await deps.sync.getRecord('workshops', id);
  for (const st of Object.values(stored?.stamps ?? {})) deps.hlc.receive(st);
  const stamp = deps.hlc.now();
  const names = Object.keys(fields);
  const change: Change = {
    changeId: `server-${uuidv7(deps.clock())}`,
    table: 'workshops',
    id,
    fields,
    stamps: Object.fromEntries(names.map((n) => [n, stamp])),
    bases: Object.fromEntries(names.map((n) => [n, null])),
  };
  await deps.sync.applyChanges(SERVER_DEVICE_ID, [change], {
    now: deps.clock(),
    stamp: () => deps.hlc.now(),
  });
}

/** New participant and facilitator codes; the old ones stop working at once. */
export async function rotateWorkshopCodes(deps: WorkshopDeps, workshopId: string): Promise<WorkshopCodes> {
  for (let attempt = 0; ; attempt++) {
    const codes = { participantCode: newJoinCode(), facilitatorCode: newJoinCode() };
    try {
      await deps.workshops.putWorkshopCodes(
        workshopId,
        [
          { role: 'participant', code: codes.participantCode },
          { role: 'facilitator', code: codes.facilitatorCode },
        ],
        deps.clock(),
      );
      return codes;
    } catch (err) {
      // A collision with an existing code (1 in 10^12) rolls back the transaction: draw again.
      if (attempt >= 3) throw err;
    }
  }
}
