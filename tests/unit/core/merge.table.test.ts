/**
 * Merge cases in a compact notation (after excalidraw's reconcile tests). A write is
 * "value@wall node" with an optional "^base" naming the stamp its author saw, e.g.
 * "A@5a^3b": value A, stamped wall 5 by node a, written over the value stamped 3 by b.
 * Lost writes are "value@stamp!" when concurrent (a conflict) and "value@stamp" when superseded.
 */
import { encodeHlc } from '$src/core/hlc.ts';
import { conflictId, mergeRecords } from '$src/core/merge.ts';
import type { RecordDoc } from '$src/core/record.ts';

const STAMP_RE = /^(\d+)([a-z])$/;
function stamp(s: string): string {
  const m = STAMP_RE.exec(s);
  if (!m) throw new Error(`bad stamp ${s}`);
  return encodeHlc({ wall: Number(m[1]), counter: 0, node: `node-${m[2]}` });
}
function short(h: string): string {
  return `${Number(h.slice(0, 15))}${h.slice(-1)}`;
}

/** "nama=A@5a^3b opd=X@1a" → a doc. */
function doc(spec: string): RecordDoc | undefined {
  if (spec === '-') return undefined;
  const d: RecordDoc = { table: 'entries', id: 'e1', fields: {}, stamps: {}, bases: {} };
  for (const part of spec.split(/\s+/).filter(Boolean)) {
    const m = /^(\w+)=([^@]*)@(\w+)(?:\^(\w+))?$/.exec(part);
    if (!m) throw new Error(`bad write ${part}`);
    const [, field, value, st, base] = m as unknown as [string, string, string, string, string | undefined];
    d.fields[field] = value;
    d.stamps[field] = stamp(st);
    d.bases[field] = base ? stamp(base) : null;
  }
  return d;
}

function show(d: RecordDoc): string {
  return Object.keys(d.stamps)
    .sort()
    .map(
      (f) => `${f}=${String(d.fields[f])}@${short(d.stamps[f]!)}${d.bases[f] ? `^${short(d.bases[f])}` : ''}`,
    )
    .join(' ');
}

//  current                  incoming               result                     lost
const CASES: [string, string, string, string][] = [
  ['-', 'nama=A@1a', 'nama=A@1a', ''],
  ['nama=A@1a', 'nama=A@1a', 'nama=A@1a', ''], // replay: nothing changes, nothing lost
  ['nama=A@1a', 'nama=B@2b^1a', 'nama=B@2b^1a', 'A@1a'], // B saw A: superseded, not a conflict
  ['nama=B@2b^1a', 'nama=A@1a', 'nama=B@2b^1a', 'A@1a'], // the same, arriving late
  ['nama=A@2a', 'nama=B@3b', 'nama=B@3b', 'A@2a!'], // B did not see A: concurrent
  ['nama=A@2a^1c', 'nama=B@3b^1c', 'nama=B@3b^1c', 'A@2a!'], // both edited over C: concurrent
  ['nama=B@3b^1c', 'nama=A@2a^1c', 'nama=B@3b^1c', 'A@2a!'], // order does not matter
  ['nama=A@3a', 'nama=B@3b', 'nama=B@3b', 'A@3a!'], // same wall: node id breaks the tie
  ['nama=A@1a opd=X@5a', 'nama=B@2b^1a opd=Y@4b', 'nama=B@2b^1a opd=X@5a', 'A@1a Y@4b!'], // per field
  ['nama=A@1a', 'opd=Y@1b', 'nama=A@1a opd=Y@1b', ''], // disjoint fields: union
  ['nama=A@1a deleted=false@1a', 'deleted=true@2b^1a', 'deleted=true@2b^1a nama=A@1a', 'false@1a'], // tombstone is a field
  // Issue 26, case 1: P made v0@10p; F edited it offline (vF@11f^10p); P edited twice (v1@12p^10p,
  // v2@13p^12p). v2's base is newer than vF, but it is v1, not vF: F's edit was never seen.
  ['tujuan=v2@13p^12p', 'tujuan=vF@11f^10p', 'tujuan=v2@13p^12p', 'vF@11f!'],
  // Issue 26, case 2: P's vP@11p^10p; F, not having pulled, made vF1@12f^10p then vF2@13f^12f,
  // and vF2 arrives first. Its base (vF1) is newer than vP but this merge cannot follow the
  // chain any further: a missing link counts as concurrent.
  ['tujuan=vP@11p^10p', 'tujuan=vF2@13f^12f', 'tujuan=vF2@13f^12f', 'vP@11p!'],
  ['tujuan=vF2@13f^12f', 'tujuan=vP@11p^10p', 'tujuan=vF2@13f^12f', 'vP@11p!'], // either order
];

describe('mergeRecords table', () => {
  it.each(CASES)('%s  ⊔  %s  →  %s  (lost: %s)', (cur, inc, expected, lost) => {
    const r = mergeRecords(doc(cur), doc(inc)!);
    expect(show(r.doc)).toBe(expected);
    const lostSpec = r.lost
      .map((l) => `${String(l.value)}@${short(l.stamp)}${l.concurrent ? '!' : ''}`)
      .sort()
      .join(' ');
    expect(lostSpec).toBe(lost.split(' ').filter(Boolean).sort().join(' '));
  });

  it('names a conflict the same way on every replica', () => {
    const a = mergeRecords(doc('nama=A@2a'), doc('nama=B@3b')!).lost[0]!;
    const b = mergeRecords(doc('nama=B@3b'), doc('nama=A@2a')!).lost[0]!;
    expect(conflictId(a)).toBe(conflictId(b));
    expect(conflictId(a)).toContain('entries:e1:nama:');
  });
});
