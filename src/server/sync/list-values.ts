/**
 * Which tematik and KIPP kategori values an entry may hold: any value that was ever on a list of
 * that kind (any year), or a built-in one. Not "this year's list": a device offline since the
 * admin removed a value still offers it, and its entry must not be refused; nor does the server
 * know which year's list the device showed (the reporting year can change, and an entry carried
 * to the next year keeps its value). A value no list ever had can only come from a forged
 * request; it is refused alone (`field.not_on_list`), like any other bad field.
 */
import {
  apiError,
  PICK_LIST_DEFAULTS,
  PICK_LIST_KINDS,
  type Change,
  type PickListKind,
  type Rejected,
} from '../../core/index.ts';
import type { PickListStore } from '../store/pick-lists.ts';

/** The list values a change sets that no built-in list has (the few worth asking the database). */
function unusual(change: Change): [PickListKind, string][] {
  if (change.table !== 'entries') return [];
  const out: [PickListKind, string][] = [];
  for (const kind of PICK_LIST_KINDS) {
    const v = change.fields[kind];
    if (typeof v === 'string' && !PICK_LIST_DEFAULTS[kind].includes(v)) out.push([kind, v]);
  }
  return out;
}

export async function checkListValues(
  changes: Change[],
  store: Pick<PickListStore, 'knownPickValues'>,
): Promise<{ ok: Change[]; rejected: Rejected[] }> {
  const asked = new Map<PickListKind, Set<string>>();
  for (const c of changes)
    for (const [kind, v] of unusual(c)) (asked.get(kind) ?? asked.set(kind, new Set()).get(kind)!).add(v);
  if (asked.size === 0) return { ok: changes, rejected: [] };
  const known = new Map<PickListKind, Set<string>>();
  for (const [kind, values] of asked) known.set(kind, await store.knownPickValues(kind, [...values]));
  const ok: Change[] = [];
  const rejected: Rejected[] = [];
  for (const c of changes) {
    const bad = unusual(c).filter(([kind, v]) => !known.get(kind)?.has(v));
    if (bad.length === 0) ok.push(c);
    else
      rejected.push({
        id: c.changeId,
        ...apiError(
          'api.invalid_body',
          bad.map(([path]) => ({ path, code: 'field.not_on_list' })),
        ),
      });
  }
  return { ok, rejected };
}
