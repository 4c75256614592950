/** Shared helpers of the app's jsdom tests: a fresh database per test, a fake image resizer. */
import { Blob as NodeBlob, File as NodeFile } from 'node:buffer';
import { db, openDb, type LumbungDb } from '$src/app/db/db.ts';
import { setImageResizer, type ImageResizer } from '$src/app/photos/resize.ts';

/** Empty every table of the app's database (the screens use the shared `db`). */
export async function resetDb(d: LumbungDb = db): Promise<void> {
  if (!d.isOpen()) await d.open();
  await Promise.all(d.tables.map((t) => t.clear()));
}

/** A database of its own for each test (opened before it, deleted after); read it through the getter. */
export function useFreshDb(): () => LumbungDb {
  let d: LumbungDb;
  beforeEach(async () => {
    d = openDb(`t-${Math.random()}`);
    await d.open();
  });
  afterEach(async () => {
    await d.delete();
  });
  return () => d;
}

/** A resizer that "decodes" any blob whose first bytes say IMG, and fails on anything else. */
export const fakeResizer: ImageResizer = async (file, maxSide) => {
  const head = new TextDecoder().decode(new Uint8Array(await file.arrayBuffer()).subarray(0, 3));
  if (head !== 'IMG') throw new Error('cannot decode');
  const bytes = new Uint8Array(await file.arrayBuffer());
  // Node's Blob, not jsdom's: fake-indexeddb clones with Node's structuredClone, which keeps a
  // Node Blob intact but turns a jsdom Blob into an empty object. (Real browsers store either.)
  const blob = new NodeBlob([bytes], { type: 'image/jpeg' }) as unknown as Blob;
  return { blob, width: Math.min(maxSide, 1600), height: 1200 };
};

export function useFakeResizer(): void {
  beforeEach(() => setImageResizer(fakeResizer));
  afterEach(() => setImageResizer(null));
}

export function imageFile(name = 'flipchart.jpg', content = 'IMG-flipchart'): File {
  return new NodeFile([content], name, { type: 'image/jpeg' }) as unknown as File;
}

/** A DOMException as a full disk raises it. */
export function quotaError(): DOMException {
  return new DOMException('The quota has been exceeded.', 'QuotaExceededError');
}

/** Make every new row of `table` fail as a full disk would, until the returned function is called. */
export function failWrites(table: {
  hook(ev: 'creating'): { subscribe(fn: () => void): void; unsubscribe(fn: () => void): void };
}): () => void {
  const fail = () => {
    throw quotaError();
  };
  table.hook('creating').subscribe(fail);
  return () => table.hook('creating').unsubscribe(fail);
}
