/**
 * Whether this device has any business with the server yet: a token (registered, joined a
 * workshop or signed in as admin), a past sync, or a change waiting in the outbox. A fresh
 * device that has typed nothing has nothing to send and, not being in a workshop, nothing to
 * receive: main.ts loads the sync engine (and the protocol's zod schemas) only once this holds,
 * so a first visit spends its time on the screen the person sees.
 */
import { liveQuery, type Subscription } from 'dexie';
import type { LumbungDb } from './db.ts';
import { SYNC_KEYS } from '../replica/keys.ts';

export async function hasSyncWork(d: LumbungDb): Promise<boolean> {
  return d.transaction('r', [d.meta, d.outbox], async () => {
    const [token, last, waiting] = await Promise.all([
      d.meta.get(SYNC_KEYS.token),
      d.meta.get(SYNC_KEYS.lastSyncAt),
      d.outbox.count(),
    ]);
    return token !== undefined || last !== undefined || waiting > 0;
  });
}

/** Calls `then` once, as soon as hasSyncWork holds (now, or after a save or a join). Returns
 * the cleanup. A failed read counts as "yes": better a needless round than a missed one. */
export function whenSyncWork(d: LumbungDb, then: () => void): () => void {
  let done = false;
  let sub: Subscription | null = null;
  const finish = () => {
    if (done) return;
    done = true;
    sub?.unsubscribe();
    then();
  };
  sub = liveQuery(() => hasSyncWork(d)).subscribe({
    next: (yes) => {
      if (yes) finish();
    },
    error: finish,
  });
  // A first answer delivered during subscribe() found `sub` still null.
  if (done) sub.unsubscribe();
  return () => {
    done = true;
    sub?.unsubscribe();
  };
}
