// The facilitator's data, on fake-indexeddb: room grouping, counts, filters, progress; a review
// saved under its deterministic id and validated ('ditolak' needs a reason); duplicates marked
// and restored; session join storage.
import { db } from '$src/app/db/db.ts';
import { writeRecord } from '$src/app/replica/local-write.ts';
import { loadRoomData, reviewId, setMergedInto } from '$src/app/db/reviews.ts';
import { getToken } from '$src/app/replica/sync-state.ts';
import { getSession, myAuthorIds, parseSession } from '$src/app/db/workshop.ts';
import { ReviewForm, parseTags, reviewIssues } from '$src/app/state/facilitator/review.svelte.ts';
import { buildRoom, filterRoom, groupByOpd, progress } from '$src/app/state/facilitator/room.ts';
import { SessionState } from '$src/app/state/session.svelte.ts';
import { resetDb } from '../../helpers.ts';

const W = 'ws-1';

async function entry(
  id: string,
  nama: string,
  opd: string,
  tahapan = 'Inisiatif',
  workshopId: string | null = W,
) {
  await writeRecord(db, 'entries', id, {
    nama,
    opd,
    tahapan,
    workshopId,
    authorId: `p-${id}`,
    authorName: `Orang ${id}`,
    createdAt: 1,
    deleted: false,
  });
}

/** Entries as if pulled from the server: stored without outbox rows. */
async function settle(): Promise<void> {
  await db.outbox.clear();
}

async function room() {
  return buildRoom(await loadRoomData(db, W));
}

beforeEach(async () => {
  await resetDb();
});

describe('room: grouped by OPD with counts, filters, progress', () => {
  it('groups the workshop entries by OPD and counts them; other workshops stay out', async () => {
    await entry('a', 'Sigap Banjir', 'Dinas Sosial');
    await entry('b', 'Lapor Cepat', 'Dinas Sosial');
    await entry('c', 'Posyandu Digital', 'Dinas Kesehatan', 'Uji Coba');
    await entry('x', 'Lain', 'Dinas Sosial', 'Inisiatif', 'ws-other');
    const groups = groupByOpd(await room());
    expect(groups.map((g) => [g.opd, g.count])).toEqual([
      ['Dinas Kesehatan', 1],
      ['Dinas Sosial', 2],
    ]);
  });

  it('filters by OPD, tahapan, review status, not-yet-sent, and searches', async () => {
    await entry('a', 'Sigap Banjir', 'Dinas Sosial');
    await entry('b', 'Lapor Cepat', 'Dinas Sosial');
    await entry('c', 'Posyandu Digital', 'Dinas Kesehatan', 'Uji Coba');
    await settle();
    await writeRecord(db, 'entries', 'b', { nama: 'Lapor Cepat!' }); // b waits in the outbox
    await writeRecord(db, 'reviews', reviewId('c', 'f1'), {
      entryId: 'c',
      status: 'siap_diteruskan',
      deleted: false,
    });
    const r = await room();
    const ids = (f: Parameters<typeof filterRoom>[1]) =>
      filterRoom(r, f)
        .map((e) => e.id)
        .sort();
    expect(ids({ opd: 'Dinas Sosial' })).toEqual(['a', 'b']);
    expect(ids({ tahapan: 'Uji Coba' })).toEqual(['c']);
    expect(ids({ status: 'siap_diteruskan' })).toEqual(['c']);
    expect(ids({ status: 'baru' })).toEqual(['a', 'b']);
    // Only b's entry waits; c's review is a record of its own (not the entry).
    expect(ids({ pendingOnly: true })).toEqual(['b']);
    expect(ids({ query: 'posyandu' })).toEqual(['c']);
    expect(ids({ query: 'sigap BANJIR' })).toEqual(['a']);
  });

  it('progress: per OPD entries, reviewed, not yet at the office; merged duplicates not counted', async () => {
    await entry('a', 'Sigap Banjir', 'Dinas Sosial');
    await entry('b', 'Sigap Banjir (2)', 'Dinas Sosial');
    await entry('c', 'Posyandu Digital', 'Dinas Kesehatan');
    await settle();
    await writeRecord(db, 'reviews', reviewId('a', 'f1'), {
      entryId: 'a',
      status: 'perlu_dilengkapi',
      deleted: false,
    });
    await writeRecord(db, 'reviews', reviewId('c', 'f1'), { entryId: 'c', status: 'baru', deleted: false });
    await writeRecord(db, 'entries', 'c', { tujuan: 'diubah' });
    await setMergedInto(db, 'b', 'a');
    const p = progress(await room());
    expect(p.rows).toEqual([
      { opd: 'Dinas Kesehatan', entries: 1, reviewed: 0, notSent: 1 },
      { opd: 'Dinas Sosial', entries: 1, reviewed: 1, notSent: 0 },
    ]);
    expect(p.total).toEqual({ opd: '', entries: 2, reviewed: 1, notSent: 1 });
  });
});

describe('review and duplicates', () => {
  const reviewer = { id: 'fac-1', name: 'Bu Rina', workshopId: W };

  it('saves one reviews record per facilitator per entry, with the deterministic id', async () => {
    await entry('a', 'Sigap Banjir', 'Dinas Sosial');
    const form = new ReviewForm(db, 'a', reviewer);
    form.status = 'siap_diteruskan';
    form.tags = 'digital, layanan, digital';
    form.score = '85';
    form.notes = 'Bagus';
    expect(await form.save()).toBe(true);
    const rec = await db.reviews.get('a:fac-1');
    expect(rec?.fields).toMatchObject({
      entryId: 'a',
      workshopId: W,
      status: 'siap_diteruskan',
      tags: ['digital', 'layanan'],
      score: 85,
      notes: 'Bagus',
      reviewerId: 'fac-1',
      reviewerName: 'Bu Rina',
      deleted: false,
    });
    // Saving again updates the same record, never a second one.
    form.status = 'perlu_dilengkapi';
    expect(await form.save()).toBe(true);
    expect(await db.reviews.count()).toBe(1);
    expect((await db.reviews.get('a:fac-1'))?.fields.status).toBe('perlu_dilengkapi');
    const sent = await db.outbox.where('id').equals('a:fac-1').toArray();
    expect(sent.map((r) => r.table)).toEqual(['reviews', 'reviews']);
  });

  it("'ditolak' without a reason is refused with the core's message code; a score out of range too", async () => {
    const form = new ReviewForm(db, 'a', reviewer);
    form.status = 'ditolak';
    expect(await form.save()).toBe(false);
    expect(form.issue('reason')).toBe('field.required');
    expect(await db.reviews.count()).toBe(0);
    form.reason = 'Bukan inovasi, rutinitas kantor';
    form.score = '150';
    expect(await form.save()).toBe(false);
    expect(form.issue('score')).not.toBeNull();
    form.score = '';
    expect(await form.save()).toBe(true);
    expect((await db.reviews.get('a:fac-1'))?.fields).toMatchObject({ status: 'ditolak', score: null });
    expect(reviewIssues({ status: 'ditolak', reason: '   ' })).toEqual({ reason: 'field.required' });
    expect(parseTags(' a ,, b ')).toEqual(['a', 'b']);
  });

  it('a comment is its own record; an empty one is refused', async () => {
    const form = new ReviewForm(db, 'a', reviewer);
    form.comment = '   ';
    expect(await form.addComment()).toBe(false);
    expect(form.issue('comment')).toBe('field.required');
    form.comment = 'Tambahkan foto kegiatan';
    expect(await form.addComment()).toBe(true);
    const all = await db.comments.toArray();
    expect(all.map((c) => [c.fields.text, c.fields.authorId, c.fields.entryId])).toEqual([
      ['Tambahkan foto kegiatan', 'fac-1', 'a'],
    ]);
  });

  it('marks B as a duplicate of A (B stays, marked) and restores it', async () => {
    await entry('a', 'Sigap Banjir', 'Dinas Sosial');
    await entry('b', 'Sigap Banjir lagi', 'Dinas Sosial');
    await setMergedInto(db, 'b', 'a');
    let r = await room();
    expect(r.find((e) => e.id === 'b')?.mergedInto).toBe('a');
    expect(r).toHaveLength(2);
    expect(groupByOpd(r)[0]!.count).toBe(1);
    await setMergedInto(db, 'b', null);
    r = await room();
    expect(r.find((e) => e.id === 'b')?.mergedInto).toBeNull();
    expect((await db.entries.get('b'))?.fields.mergedInto).toBeNull();
    await expect(setMergedInto(db, 'a', 'a')).rejects.toThrow();
  });
});

describe('session', () => {
  it('stores token, session and workshop together; clears the pull cursor', async () => {
    await db.meta.put({ key: 'syncCursor', value: 42 });
    const s = new SessionState(db);
    await s.joined(
      {
        token: 'tok-1',
        role: 'facilitator',
        personId: 'fac-1',
        participantCode: 'ABC123',
        workshop: {
          table: 'workshops',
          id: W,
          fields: { nama: 'Lokakarya Blitar', opdList: ['Dinas Sosial'] },
          stamps: { nama: '000001700000000-00000-dev', opdList: '000001700000000-00000-dev' },
          bases: { nama: null, opdList: null },
        },
      },
      'Bu Rina',
      '',
      1_700_000_000_000,
    );
    expect(await getToken(db)).toBe('tok-1');
    expect(await db.meta.get('syncCursor')).toBeUndefined();
    expect(await getSession(db)).toMatchObject({
      role: 'facilitator',
      personId: 'fac-1',
      participantCode: 'ABC123',
    });
    expect(s.workshopName).toBe('Lokakarya Blitar');
    expect(s.opdList).toEqual(['Dinas Sosial']);
    expect(await myAuthorIds(db)).toContain('fac-1');
    expect(parseSession({ role: 'admin' })).toBeNull();
  });
});

describe('routes of issue 4', () => {
  it('matches /join/<code>, the facilitator screens and the kiosk', async () => {
    const { matchRoute } = await import('$src/app/state/router.svelte.ts');
    expect(matchRoute('/join/PSRT2345')).toEqual({ name: 'join', code: 'PSRT2345' });
    expect(matchRoute('/join')).toEqual({ name: 'join', code: null });
    expect(matchRoute('/join/../x')).toEqual({ name: 'notFound' });
    expect(matchRoute('/fasilitator')).toEqual({ name: 'facilitator', view: 'room', id: null });
    expect(matchRoute('/fasilitator/kemajuan/')).toEqual({ name: 'facilitator', view: 'progress', id: null });
    expect(matchRoute('/fasilitator/entri/abc-1')).toEqual({
      name: 'facilitator',
      view: 'review',
      id: 'abc-1',
    });
    expect(matchRoute('/kiosk')).toEqual({ name: 'kiosk' });
  });
});

describe('lazy strings of issue 4', () => {
  it('join and facilitator dictionaries have the same keys in id and en, and reach t() when loaded', async () => {
    const { default: join } = await import('$src/app/i18n/join.ts');
    const { default: fac } = await import('$src/app/i18n/facilitator.ts');
    const { t } = await import('$src/app/i18n/i18n.svelte.ts');
    for (const d of [join, fac]) {
      expect(Object.keys(d.en).sort()).toEqual(Object.keys(d.id).sort());
      for (const v of [...Object.values(d.id), ...Object.values(d.en)]) expect(v.trim()).not.toBe('');
    }
    expect(t('join.error.join.invalid_code')).toMatch(/^Kode tidak dikenal/);
    expect(t('kiosk.next')).toBe('Selesai, berikutnya');
  });
});
