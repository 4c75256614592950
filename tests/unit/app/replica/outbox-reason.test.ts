/**
 * A refused change is stored as its code and parameters and translated when shown, in the
 * language used then; a row stored before codes (with the text of its day) still reads.
 */
import { openDb, type LumbungDb } from '$src/app/db/db.ts';
import type { OutboxRow } from '$src/app/db/types.ts';
import { i18n } from '$src/app/i18n/i18n.svelte.ts';
import { writeRecord } from '$src/app/replica/local-write.ts';
import { applyPushResult, reasonOf, rejectLocally } from '$src/app/replica/outbox-answer.ts';
import { reasonText } from '$src/app/sync/describe.ts';
import { messageFor } from '$src/core/messages.ts';

let d: LumbungDb;
beforeEach(async () => {
  d = openDb(`reason-${Math.random()}`);
  await d.open();
});
afterEach(async () => {
  i18n.setLang('id');
  await d.delete();
});

async function oneChange(): Promise<OutboxRow> {
  await writeRecord(d, 'entries', 'e1', { nama: 'X' }, { now: () => 1_000 });
  return (await d.outbox.toArray())[0]!;
}

describe('the reason of a refused change', () => {
  it("the server's refusal is stored as code and issues, no text, and shown in either language", async () => {
    const row = await oneChange();
    await applyPushResult(
      d,
      [],
      [
        {
          id: row.changeId,
          code: 'api.invalid_body',
          message: 'teks server',
          messageEn: 'server text',
          issues: [{ path: 'nama', code: 'field.required' }],
        },
      ],
    );
    const stored = (await d.outbox.get(row.seq!))!.error!;
    expect(stored).toEqual({ code: 'api.invalid_body', issues: [{ path: 'nama', code: 'field.required' }] });
    expect(reasonText(stored)).toBe(messageFor('api.invalid_body', 'id'));
    i18n.setLang('en');
    expect(reasonText(stored)).toBe(messageFor('api.invalid_body', 'en'));
  });

  it('a device-made refusal keeps its code only; the sync dictionary words it', async () => {
    const row = await oneChange();
    await rejectLocally(d, [row.changeId], { code: 'sync.blob_missing', message: 'x', messageEn: 'y' });
    const stored = (await d.outbox.get(row.seq!))!.error!;
    expect(stored).toEqual({ code: 'sync.blob_missing' });
    expect(reasonText(stored)).not.toBe('sync.blob_missing');
    expect(reasonText(stored).length).toBeGreaterThan(10);
  });

  it('a code this app has no words for keeps the text that came with it', () => {
    const e = reasonOf({ code: 'api.from_the_future', message: 'Pesan baru', messageEn: 'New message' });
    expect(e).toEqual({ code: 'api.from_the_future', message: 'Pesan baru', messageEn: 'New message' });
    expect(reasonText(e)).toBe('Pesan baru');
    i18n.setLang('en');
    expect(reasonText(e)).toBe('New message');
  });

  it('a row stored before codes (translated text of its day) still reads as it did', () => {
    const old = { code: 'api.invalid_body', message: 'Teks lama', messageEn: 'Old text' };
    expect(reasonText(old)).toBe('Teks lama');
    const unknown = { code: 'api.gone_code', message: 'Teks lama', messageEn: 'Old text' };
    expect(reasonText(unknown)).toBe('Teks lama');
  });
});
