/**
 * applyPushResult removes accepted rows by seq range where it can (replica/outbox-answer.ts deleteSeqs):
 * only the accepted rows may go, never a parked row between them or a row written after the page.
 */
import type { LumbungDb } from '$src/app/db/db.ts';
import { applyPushResult, rejectLocally } from '$src/app/replica/outbox-answer.ts';
import { nextPushPage } from '$src/app/replica/outbox-push.ts';
import { writeRecord } from '$src/app/replica/local-write.ts';
import { useFreshDb } from '../helpers.ts';

const fresh = useFreshDb();
let d: LumbungDb;
beforeEach(() => {
  d = fresh();
});

async function writeEntries(n: number, from = 0): Promise<void> {
  for (let i = from; i < from + n; i++) await writeRecord(d, 'entries', `e${i}`, { nama: `Inovasi ${i}` });
}

const reason = { code: 'sync.blob_missing', message: 'x', messageEn: 'x' };

describe('applyPushResult', () => {
  it('deletes a whole accepted page and nothing written after it', async () => {
    await writeEntries(6);
    const page = await nextPushPage(d, 4, 1e6);
    await writeEntries(1, 6); // written while the page was on its way
    await applyPushResult(
      d,
      page.map((r) => r.changeId),
      [],
      page,
    );
    const left = await d.outbox.orderBy('seq').toArray();
    expect(left.map((r) => r.id)).toEqual(['e4', 'e5', 'e6']);
  });

  it('keeps a parked row that sits between accepted ones, and the rejected row of the answer', async () => {
    await writeEntries(7);
    const all = await d.outbox.orderBy('seq').toArray();
    await rejectLocally(d, [all[2]!.changeId], reason); // e2 parked before the push
    const page = await nextPushPage(d, 10, 1e6);
    expect(page.map((r) => r.id)).toEqual(['e0', 'e1', 'e3', 'e4', 'e5', 'e6']);
    const refused = page.find((r) => r.id === 'e5')!;
    await applyPushResult(
      d,
      page.filter((r) => r !== refused).map((r) => r.changeId),
      [{ id: refused.changeId, code: 'api.invalid_field', message: 'x', messageEn: 'x' }],
      page,
    );
    const left = await d.outbox.orderBy('seq').toArray();
    expect(left.map((r) => [r.id, r.state])).toEqual([
      ['e2', 'rejected'],
      ['e5', 'rejected'],
    ]);
  });

  it('a repeated answer (rows already gone) deletes nothing else', async () => {
    await writeEntries(5);
    const all = await d.outbox.orderBy('seq').toArray();
    const page = [all[0]!, all[1]!, all[3]!];
    await applyPushResult(
      d,
      page.map((r) => r.changeId),
      [],
      page,
    );
    await applyPushResult(
      d,
      page.map((r) => r.changeId),
      [],
      page,
    );
    const left = await d.outbox.orderBy('seq').toArray();
    expect(left.map((r) => r.id)).toEqual(['e2', 'e4']);
  });
});
