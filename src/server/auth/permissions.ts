/**
 * Who may write what, per change and per field, against the record as stored. The store
 * calls `authorizeChange` inside its write transaction (ApplyContext.authorize), after accepting
 * replays (every field at the stamp already stored) as no-ops, so a facilitator's relay of a
 * participant's entries and the participant's own later sync never need the other's rights, and
 * no concurrent push can slip between the check and the write.
 *
 *  table        participant (own workshop W)            facilitator (W)             admin
 *  entries      create/edit own (authorId = self,       any field of W's entries    all
 *               workshopId = W); no mergedInto          but the office's; create
 *               nor the office's fields                 with workshopId = W
 *  (the office's fields: tahunLaporan, iidDiunggah, iidTahun, dibawaDariTahun — the IID cycle,
 *   set by the central office;
 *   an IID indicator's level and note are entry fields too: author, facilitator, admin)
 *  attachments  on own entries, authorId = self         on W's entries              all
 *  (photos, and indicators' evidence files: evidenceFor names the indicator or upload)
 *  comments     on readable entries, authorId = self    on W's entries              all
 *  reviews      refused                                 on W's entries              all
 *  workshops    refused                                 refused                     all
 *  conflicts    `resolved` only, of own records         `resolved` only, of W       all
 *
 * Anything naming or touching another workshop is refused. A device that registered through the
 * open POST /devices (no workshop) is a participant of "no workshop": the same rules with W = null.
 * A refusal is answered for that change alone: api.forbidden with a perm.* issue naming the field,
 * or workshop.closed for a participant of a closed workshop (closedRule), or api.not_yet for an
 * edit of a record (or a child of an entry) whose creation has not reached the server: a
 * reordered delivery, which the device retries (notYet).
 */
import type { Change, MessageCode } from '../../core/index.ts';
import type { Store, ReadScope, Refusal, ScopedRecord, TxView } from '../store/types.ts';
import type { Principal } from './principal.ts';

type PermCode = 'perm.not_owner' | 'perm.other_workshop' | 'perm.role' | 'perm.unknown_entry';

function refuse(path: string, code: PermCode): Refusal {
  const top: MessageCode = 'api.forbidden';
  return { code: top, issues: [{ path, code }] };
}

/** The record an edit names (or the entry a child names) is not on the server yet: its creation
 * is still on its way (pages reordered, an answer lost). Not a permission question, so not
 * api.forbidden; the device keeps the change and sends it again (app/db/outbox.ts). */
function notYet(path: string, code: string = 'api.not_yet'): Refusal {
  return { code: 'api.not_yet', issues: [{ path, code }] };
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const has = (change: Change, field: string) => Object.hasOwn(change.fields, field);

/** The workshop a change moves its record to (its stored one unless it writes workshopId). */
function targetWorkshop(change: Change, current: ScopedRecord | null): string | null {
  if (has(change, 'workshopId')) return str(change.fields['workshopId']);
  return current ? current.scope.workshopId : null;
}

/** Entry fields only the central office writes: the IID cycle. */
const OFFICE_FIELDS = ['tahunLaporan', 'iidDiunggah', 'iidTahun', 'dibawaDariTahun'] as const;

function entryRule(p: Principal, change: Change, current: ScopedRecord | null): Refusal | null {
  const w = p.workshopId;
  if (current && current.scope.workshopId !== w) return refuse('workshopId', 'perm.other_workshop');
  // An edit (no workshopId: only a creation names it) of an entry the server does not hold.
  if (!current && !has(change, 'workshopId')) return notYet('id');
  if (targetWorkshop(change, current) !== w) return refuse('workshopId', 'perm.other_workshop');
  for (const f of OFFICE_FIELDS) if (has(change, f)) return refuse(f, 'perm.role');
  if (p.role === 'facilitator') return null;
  // Participant: own entries only, and never the facilitator's duplicate marking.
  if (current && current.scope.ownerId !== p.personId) return refuse('authorId', 'perm.not_owner');
  const author = has(change, 'authorId') ? str(change.fields['authorId']) : current?.scope.ownerId;
  if (author !== p.personId) return refuse('authorId', 'perm.not_owner');
  if (
    has(change, 'mergedInto') &&
    (change.fields['mergedInto'] !== null || (current && current.doc.fields['mergedInto'] != null))
  )
    return refuse('mergedInto', 'perm.role');
  return null;
}

async function peerReadAllowed(view: TxView, workshopId: string | null): Promise<boolean> {
  if (workshopId === null) return false;
  const ws = await view.load('workshops', workshopId);
  return ws?.doc.fields['allowPeerRead'] !== false;
}

/** Attachments, reviews and comments: they belong to an entry, whose workshop and author decide. */
async function childRule(
  p: Principal,
  change: Change,
  current: ScopedRecord | null,
  view: TxView,
): Promise<Refusal | null> {
  if (change.table === 'reviews' && p.role === 'participant') return refuse('table', 'perm.role');
  const storedEntryId = current ? str(current.doc.fields['entryId']) : null;
  const entryId = storedEntryId ?? str(change.fields['entryId']);
  // Moving a child to another entry would move it between owners: nobody but an admin does that.
  if (storedEntryId !== null && has(change, 'entryId') && change.fields['entryId'] !== storedEntryId)
    return refuse('entryId', 'perm.role');
  if (!current && entryId === null) return notYet('id');
  const entry = entryId ? await view.load('entries', entryId) : null;
  if (!entry) return notYet('entryId', 'perm.unknown_entry');
  const w = p.workshopId;
  if (entry.scope.workshopId !== w) return refuse('entryId', 'perm.other_workshop');
  if (current && current.scope.workshopId !== w) return refuse('entryId', 'perm.other_workshop');
  if (has(change, 'workshopId') && change.fields['workshopId'] !== null && change.fields['workshopId'] !== w)
    return refuse('workshopId', 'perm.other_workshop');
  if (p.role === 'facilitator') return null;

  // Participant: attachments on own entries; comments on entries they may read. Both as self.
  const mine = entry.scope.ownerId === p.personId;
  if (change.table === 'attachments' && !mine) return refuse('entryId', 'perm.not_owner');
  if (change.table === 'comments' && !mine && !(await peerReadAllowed(view, w)))
    return refuse('entryId', 'perm.not_owner');
  if (current && str(current.doc.fields['authorId']) !== p.personId)
    return refuse('authorId', 'perm.not_owner');
  const author = has(change, 'authorId')
    ? str(change.fields['authorId'])
    : str(current?.doc.fields['authorId']);
  if (author !== p.personId) return refuse('authorId', 'perm.not_owner');
  return null;
}

/** Conflict records are the server's; a person may only mark one resolved, within their reach. */
function conflictRule(p: Principal, change: Change, current: ScopedRecord | null): Refusal | null {
  const other = Object.keys(change.fields).find((f) => f !== 'resolved');
  if (other !== undefined) return refuse(other, 'perm.role');
  if (!current) return refuse('resolved', 'perm.unknown_entry');
  if (current.scope.workshopId !== p.workshopId) return refuse('resolved', 'perm.other_workshop');
  if (p.role === 'participant' && current.scope.ownerId !== p.personId)
    return refuse('resolved', 'perm.not_owner');
  return null;
}

/**
 * A closed workshop takes no new writes from its participants: each change is refused
 * alone with workshop.closed, so the device keeps it in "needs attention" and the rest of its
 * queue goes on. Facilitators still write there (reviews, hand-over imports after the event);
 * everyone still reads. Reopening lifts it; replays of accepted changes never get here.
 */
async function closedRule(p: Principal, view: TxView): Promise<Refusal | null> {
  if (p.role !== 'participant' || p.workshopId === null) return null;
  const ws = await view.load('workshops', p.workshopId);
  if (ws?.doc.fields['closed'] !== true) return null;
  return { code: 'workshop.closed', issues: [{ path: 'workshopId', code: 'workshop.closed' }] };
}

export async function authorizeChange(p: Principal, change: Change, view: TxView): Promise<Refusal | null> {
  if (p.role === 'admin') return null;
  const closed = await closedRule(p, view);
  if (closed) return closed;
  switch (change.table) {
    case 'workshops':
      return refuse('table', 'perm.role');
    case 'entries':
      return entryRule(p, change, view.current);
    case 'conflicts':
      return conflictRule(p, change, view.current);
    default:
      return childRule(p, change, view.current, view);
  }
}

/**
 * What a pull returns: admins everything; facilitators their workshop; participants their
 * workshop when it allows peer reading (the default), else their own records (entries and
 * everything attached to them, facilitators' reviews included) and the workshop record; a
 * device of no workshop only its own records.
 */
export async function readScope(p: Principal, store: Pick<Store, 'getRecord'>): Promise<ReadScope> {
  if (p.role === 'admin') return { kind: 'all' };
  if (p.workshopId === null) return { kind: 'owner', ownerId: p.personId, workshopId: null };
  if (p.role === 'facilitator') return { kind: 'workshop', workshopId: p.workshopId };
  const ws = await store.getRecord('workshops', p.workshopId);
  if (ws?.fields['allowPeerRead'] !== false) return { kind: 'workshop', workshopId: p.workshopId };
  return { kind: 'owner', ownerId: p.personId, workshopId: p.workshopId };
}
