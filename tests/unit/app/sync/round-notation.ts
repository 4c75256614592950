/**
 * A compact notation for the sync round's state machine (src/app/sync/round.ts), after the merge
 * table's: events are written as short strings and the effects a step asks for are printed the
 * same way, so a table row reads "this came in → this goes out".
 *
 * Events:  registered T · begun [rec:row,row …] · read a b [skewed=a] · ahead#2 c d ·
 *          uploaded [a b] [parked=1] [skewed=a] · cursor 5 · answer#1 [acc=a,b] [rej=c:code]
 *          [more] [cursor=5] [changes=3] · applied [ahead=a] · restamped 2 · parked ·
 *          fail#1 400 (a request; 0: no network) · fail read (a local failure) · fail upload 401 ·
 *          fail photo 500 · fail register 500
 * Effects: register · begin · cursor · read cap=2 [hold=p] · ahead#2 after=b · upload page a b ·
 *          send#1 a b since=0 [early] [prepared] · apply#1 · restamp · park a:code ·
 *          progress 1/2
 */
import type { SyncResponse } from '$src/core/protocol.ts';
import type { OutboxRow } from '$src/app/db/types.ts';
import { start, step } from '$src/app/sync/round.ts';
import type { Effect, Event, RoundState, Step } from '$src/app/sync/round-state.ts';
import type { PreparedChanges } from '$src/app/sync/transport.ts';

/** An outbox row named `name` (its changeId and record id); seqs follow the alphabet. */
export function row(name: string): OutboxRow {
  const seq = name.charCodeAt(0) * 100 + Number(name.slice(1) || 0);
  const table = name.startsWith('p') ? 'attachments' : 'entries';
  return {
    seq,
    changeId: name,
    table,
    id: name,
    fields: {},
    stamps: {},
    bases: {},
    createdAt: 0,
    state: 'pending',
    attempts: 0,
  };
}

const rows = (names: string[]) => names.filter(Boolean).map(row);
const prepared = (names: string[]) => ({ changes: names, tail: '' }) as unknown as PreparedChanges;

function opt(parts: string[], key: string): string | undefined {
  return parts.find((p) => p.startsWith(`${key}=`))?.slice(key.length + 1);
}
const list = (v: string | undefined) => (v ? v.split(',').filter(Boolean) : []);

function netError(status: number) {
  const code = status === 401 ? 'api.unauthorized' : status >= 500 ? 'api.internal' : `api.s${status}`;
  return { error: new Error(code), net: { code, status, retryable: status >= 500 || status === 0 } };
}

export function parseEvent(spec: string, s: RoundState): Event {
  const [head = '', ...rest] = spec.split(/\s+/);
  const plain = rest.filter((p) => !p.includes('='));
  const [kind = '', num] = head.split('#');
  const id = Number(num);
  switch (kind) {
    case 'registered':
      return { type: 'registered', token: plain[0] ?? 't2' };
    case 'begun':
      return {
        type: 'begun',
        photos: plain.map((g) => {
          const [rec = '', rs = ''] = g.split(':');
          return { records: [rec], rows: rows(rs.split(',')) };
        }),
      };
    case 'read':
      return { type: 'pageRead', rows: rows(plain), skewed: list(opt(rest, 'skewed')) };
    case 'ahead':
      return { type: 'aheadRead', flight: id, ahead: { rows: rows(plain), prepared: prepared(plain) } };
    case 'uploaded': {
      const photo = plain[0] === 'photo';
      const purpose = photo ? 'photo' : (s.mainUpload?.purpose ?? 'page');
      const kept = photo ? [] : rows(plain);
      const parked = Number(opt(rest, 'parked') ?? 0);
      return { type: 'uploaded', purpose, kept, parked, skewed: list(opt(rest, 'skewed')) };
    }
    case 'cursor':
      return { type: 'cursorRead', cursor: Number(plain[0] ?? 0) };
    case 'answer': {
      const rejected = list(opt(rest, 'rej')).map((r) => {
        const [rid = '', code = 'api.invalid_body'] = r.split(':');
        return { id: rid, code, message: code, messageEn: code };
      });
      const changes = Array.from({ length: Number(opt(rest, 'changes') ?? 0) }, (_, i) => ({
        table: 'entries' as const,
        id: `x${i}`,
        fields: {},
        stamps: {},
        bases: {},
      }));
      const res: SyncResponse = {
        accepted: list(opt(rest, 'acc')),
        rejected,
        changes,
        cursor: Number(opt(rest, 'cursor') ?? 0),
        more: plain.includes('more'),
        now: 1_000,
      };
      return { type: 'answered', flight: id, res, sentAt: 0, arrivedAt: 0 };
    }
    case 'applied':
      return { type: 'applied', offset: 0, ahead: list(opt(rest, 'ahead')) };
    case 'restamped':
      return { type: 'restamped', count: Number(plain[0] ?? 1) };
    case 'parked':
      return { type: 'parked' };
    case 'fail': {
      const what = plain.find((p) => !/^\d+$/.test(p));
      // With a status: a network or server failure (0: no network); without: a local one (Dexie).
      const status = plain.find((p) => /^\d+$/.test(p));
      const failure =
        status === undefined ? { error: new Error('local'), net: null } : netError(Number(status));
      if (num) return { type: 'failed', of: 'send', flight: id, failure };
      if (what === 'upload' || what === 'photo')
        return {
          type: 'failed',
          of: 'upload',
          purpose: what === 'photo' ? 'photo' : s.mainUpload!.purpose,
          failure,
        };
      if (what === 'ahead')
        return { type: 'failed', of: 'readAhead', flight: Number(opt(rest, 'flight')), failure };
      return { type: 'failed', of: what as Effect['type'], failure };
    }
  }
  throw new Error(`bad event ${spec}`);
}

const names = (rs: readonly OutboxRow[]) => rs.map((r) => r.changeId).join(' ');

export function showEffect(e: Effect): string {
  switch (e.type) {
    case 'read':
      return `read cap=${e.cap}${e.hold.length ? ` hold=${e.hold.join(',')}` : ''}`;
    case 'readAhead':
      return `ahead#${e.flight} after=${String.fromCharCode(Math.floor(e.afterSeq / 100))}${e.afterSeq % 100 || ''}`;
    case 'upload':
      return `upload ${e.upload.purpose} ${names(e.upload.rows)}`;
    case 'send': {
      const f = e.flight;
      const page = f.page.length ? ` ${names(f.page)}` : '';
      return `send#${f.id}${page} since=${f.since}${f.early ? ' early' : ''}${f.prepared ? ' prepared' : ''}`;
    }
    case 'apply':
      return `apply#${e.flight.id}`;
    case 'park':
      return `park ${e.ids.join(',')}:${e.reason.code}`;
    case 'progress':
      return `progress ${e.sending}/${e.total}`;
    default:
      return e.type;
  }
}

/** What a finished (or running) round amounts to: phase, counts and its error code. */
export function summary(s: RoundState): string {
  const c = s.counts;
  const err = s.failure?.net?.code ?? (s.failure ? 'error' : '');
  return `${s.phase} a=${c.accepted} r=${c.rejected} p=${c.pulled} s=${c.restamped}${err ? ` ${err}` : ''}`;
}

/** A round started with a token (or none: "register") and a page size. */
export function begin(o: { token?: string | null; pushMax?: number; earlyRefused?: boolean } = {}): Step {
  return start({
    token: o.token === undefined ? 't1' : o.token,
    pushMax: o.pushMax ?? 2,
    earlyRefused: o.earlyRefused ?? false,
  });
}

/**
 * Play a script: each line is [event, the effects expected, joined by " · "]; a line
 * ['=', summary] checks the round's summary there. Returns the lines as they really went.
 */
export function play(
  init: Step,
  script: [string, string][],
): { lines: [string, string][]; state: RoundState } {
  let state = init.state;
  const lines: [string, string][] = [];
  for (const [ev, _] of script) {
    if (ev === '=') {
      lines.push(['=', summary(state)]);
      continue;
    }
    const next = step(state, parseEvent(ev, state));
    state = next.state;
    lines.push([ev, next.effects.map(showEffect).join(' · ')]);
  }
  return { lines, state };
}
