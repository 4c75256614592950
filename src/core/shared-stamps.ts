/**
 * Shared stamps: a merge document (or a change) whose fields all carry one stamp and one base,
 * written with `stamps` as that one string and `bases` as that one base instead of a map that
 * repeats them for every field. That is how a record looks after one save from the form (one
 * HLC tick per write): a 58-character stamp and a null base repeated on ~13 fields, more than
 * half of the bytes of a bench entry as JSON (1.7 KB full, 0.7 KB shared).
 *
 * Used where those bytes cost: rows stored in IndexedDB (app/db/stamp-codec.ts) and sync bodies
 * between a device and a server that both say they read it (protocol.ts SHARED_STAMPS_HEADER).
 * A document is packed only when unpacking gives it back exactly (same keys in fields, stamps
 * and bases, one stamp, one base); anything else keeps its maps, and unpacking leaves documents
 * with maps as they are. Pure: no I/O.
 */

/** A document whose stamps and bases may be shared (one value for every field). */
export interface MaybeShared {
  fields: Record<string, unknown>;
  stamps: Record<string, string> | string;
  bases: Record<string, string | null> | string | null;
}

function isFullDoc(
  v: unknown,
): v is { fields: Record<string, unknown>; stamps: Record<string, unknown>; bases: Record<string, unknown> } {
  if (typeof v !== 'object' || v === null) return false;
  const { fields, stamps, bases } = v as Record<string, unknown>;
  return (
    typeof fields === 'object' &&
    fields !== null &&
    typeof stamps === 'object' &&
    stamps !== null &&
    typeof bases === 'object' &&
    bases !== null
  );
}

/**
 * `row` with `stamps` as one string (and `bases` as one string or null) when every field has the
 * same stamp and the same base, as a new object; else `row` itself.
 */
export function packStamps<T>(row: T): T {
  if (!isFullDoc(row)) return row;
  const { fields, stamps, bases } = row;
  const names = Object.keys(fields);
  if (names.length === 0) return row;
  if (Object.keys(stamps).length !== names.length || Object.keys(bases).length !== names.length) return row;
  const stamp = stamps[names[0]!];
  const base = bases[names[0]!];
  if (typeof stamp !== 'string' || (base !== null && typeof base !== 'string')) return row;
  for (const n of names) if (stamps[n] !== stamp || bases[n] !== base) return row;
  return { ...row, stamps: stamp, bases: base };
}

/**
 * `row` with a shared stamp, a shared base or both spread back over every field of `fields` (a
 * new object; maps are kept as they are), else `row` itself: rows without fields, and rows
 * whose stamps and bases are maps already.
 */
export function unpackStamps<T>(row: T): T {
  if (typeof row !== 'object' || row === null) return row;
  const { fields, stamps, bases } = row as unknown as Partial<MaybeShared>;
  if (typeof fields !== 'object' || fields === null || stamps === undefined || bases === undefined)
    return row;
  const sharedStamp = typeof stamps === 'string';
  const sharedBase = bases === null || typeof bases === 'string';
  if (!sharedStamp && !sharedBase) return row;
  const fullStamps: Record<string, string> = sharedStamp ? {} : stamps;
  const fullBases: Record<string, string | null> = sharedBase ? {} : bases;
  for (const n of Object.keys(fields)) {
    if (sharedStamp) fullStamps[n] = stamps;
    if (sharedBase) fullBases[n] = bases;
  }
  return { ...row, stamps: fullStamps, bases: fullBases };
}
