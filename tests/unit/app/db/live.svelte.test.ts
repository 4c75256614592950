import { flushSync } from 'svelte';
import { db } from '$src/app/db/db.ts';
import { live, LiveQuery } from '$src/app/db/live.svelte.ts';
import { writeRecord } from '$src/app/replica/local-write.ts';
import { resetDb } from '../helpers.ts';

// Generous: the test machine is shared and IndexedDB work can be slow to show.
const WAIT = { timeout: 10_000 };

beforeEach(() => resetDb());

describe('liveQuery → runes adapter', () => {
  it('starts loading, then follows writes made elsewhere, and stops when its owner is destroyed', async () => {
    let q!: LiveQuery<string[]>;
    let seen: string[] | undefined;
    const destroy = $effect.root(() => {
      q = live(async () => (await db.entries.toArray()).map((e) => String(e.fields.nama)));
      $effect(() => {
        seen = q.current;
      });
    });
    flushSync();
    expect(q.loading).toBe(true);
    await vi.waitFor(() => expect(q.loading).toBe(false), WAIT);
    expect(q.current).toEqual([]);

    // A write from elsewhere (not through the adapter) shows up in the view.
    await writeRecord(db, 'entries', 'e1', { nama: 'LAPIS MANIS' });
    await vi.waitFor(() => expect(q.current).toEqual(['LAPIS MANIS']), WAIT);
    flushSync();
    expect(seen).toEqual(['LAPIS MANIS']);

    await writeRecord(db, 'entries', 'e2', { nama: 'JAGO SILO' });
    await vi.waitFor(() => expect(q.current).toEqual(['LAPIS MANIS', 'JAGO SILO']), WAIT);

    destroy();
    await writeRecord(db, 'entries', 'e3', { nama: 'SIDOTI' });
    await new Promise((r) => setTimeout(r, 50));
    expect(q.current).toEqual(['LAPIS MANIS', 'JAGO SILO']);
  });

  it('exposes a failing query as error, not as an endless loading state', async () => {
    const q = new LiveQuery<number>(async () => {
      throw new Error('boom');
    });
    q.start();
    await vi.waitFor(() => expect(q.error).toBeInstanceOf(Error), WAIT);
    expect(q.loading).toBe(false);
    q.stop();
  });
});
