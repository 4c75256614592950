/**
 * Indicators with evidence (issue 20 item 2) through app.request(), on SQLite and PostgreSQL:
 * an indicator's level and note (entry fields) and its evidence files (attachment records with
 * `evidenceFor`, PDF bytes through the blob route) are written by the entry's author, the
 * facilitator of its workshop and an admin, and by nobody else; what was written reaches the
 * admin's export as "Siap Diunggah ke IID".
 */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { levelField, noteField, uuidv7, type Change, type SyncResponse } from '$src/core/index.ts';
import type { App } from '$src/server/app.ts';
import { change, stamp, sync } from '../helpers/client.ts';
import { adminDevice, join, seedWorkshop, type Dev } from '../helpers/roles.ts';
import { openStore, storeKinds, type Opened } from '../helpers/stores.ts';
import { testApp } from '../helpers/app.ts';
import { GOLDEN_FIELDS, panjang, parseCsv } from '../golden/fixtures.ts';

const T0 = Date.UTC(2026, 10, 27, 8, 0, 0);
const PDF = new TextEncoder().encode('%PDF-1.4\n% bukti dukung\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const PDF_SHA = createHash('sha256').update(PDF).digest('hex');

function refusals(r: SyncResponse) {
  return r.rejected.map((x) => [x.code, ...(x.issues ?? []).map((i) => `${i.path}:${i.code}`)]);
}

describe.each(await storeKinds())('indicators and evidence on %s', (kind) => {
  let opened: Opened;
  let app: App;
  let A: string;
  let p1: Dev;
  let p2: Dev;
  let fA: Dev;
  let q: Dev;
  let fB: Dev;
  let admin: Dev;
  let entryId: string;
  let tick = 0;
  const at = (by: Dev) => stamp(T0 + ++tick, by.deviceId);

  beforeEach(async () => {
    tick = 0;
    opened = await openStore(kind);
    app = testApp(opened, () => T0 + 60_000, { joinLimit: { max: 1000, windowMs: 60_000 } });
    const wa = await seedWorkshop(opened.store, () => T0, { nama: 'Lokakarya A' });
    const wb = await seedWorkshop(opened.store, () => T0, { nama: 'Lokakarya B' });
    A = wa.workshop.id;
    p1 = await join(app, wa.participantCode, 'p1');
    p2 = await join(app, wa.participantCode, 'p2');
    fA = await join(app, wa.facilitatorCode, 'fA');
    q = await join(app, wb.participantCode, 'q');
    fB = await join(app, wb.facilitatorCode, 'fB');
    admin = await adminDevice(opened.store, T0);
    entryId = uuidv7(T0);
    const created = change(
      'entries',
      entryId,
      { nama: 'Sikat Gigi', opd: 'Dinas Kesehatan', tahapan: 'Inisiatif', authorId: 'p1', workshopId: A },
      at(p1),
    );
    expect((await sync(app, p1, 0, [created])).rejected).toEqual([]);
  });
  afterEach(async () => {
    await opened.dispose();
  });

  const claim = (by: Dev, level: 1 | 2 | 3, note: string): Change =>
    change('entries', entryId, { [levelField('regulasi')]: level, [noteField('regulasi')]: note }, at(by));
  const evidence = (by: Dev, authorId: string, evidenceFor = 'regulasi'): Change =>
    change(
      'attachments',
      uuidv7(T0),
      {
        entryId,
        evidenceFor,
        sha256: PDF_SHA,
        mime: 'application/pdf',
        size: PDF.length,
        caption: 'sk.pdf',
        authorId,
        createdAt: T0,
        deleted: false,
      },
      at(by),
    );
  const putPdf = (by: Dev) =>
    app.request(`/api/v1/blobs/${PDF_SHA}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/pdf', authorization: `Bearer ${by.token}` },
      body: PDF,
    });
  const getPdf = (by: Dev) =>
    app.request(`/api/v1/blobs/${PDF_SHA}`, { headers: { authorization: `Bearer ${by.token}` } });
  const stored = async () => (await opened.store.getRecord('entries', entryId))?.fields ?? {};

  // [who, may write level/note?, refusal when not, may attach evidence?, refusal when not]
  const TABLE: [string, () => Dev, string, boolean, string[] | null, string[] | null][] = [
    ['the author', () => p1, 'p1', true, null, null],
    ['the facilitator of the workshop', () => fA, 'fA', true, null, null],
    ['an admin', () => admin, 'admin', true, null, null],
    [
      'another participant of the workshop',
      () => p2,
      'p2',
      false,
      ['api.forbidden', 'authorId:perm.not_owner'],
      ['api.forbidden', 'entryId:perm.not_owner'],
    ],
    [
      'a participant of another workshop',
      () => q,
      'q',
      false,
      ['api.forbidden', 'workshopId:perm.other_workshop'],
      ['api.forbidden', 'entryId:perm.other_workshop'],
    ],
    [
      'the facilitator of another workshop',
      () => fB,
      'fB',
      false,
      ['api.forbidden', 'workshopId:perm.other_workshop'],
      ['api.forbidden', 'entryId:perm.other_workshop'],
    ],
  ];

  it.each(TABLE)(
    '%s: level, note and evidence',
    async (_who, dev, author, allowed, claimRefusal, evidenceRefusal) => {
      const by = dev();
      const c = claim(by, 2, `catatan ${author}`);
      const e = evidence(by, author);
      const r = await sync(app, by, 0, [c, e]);
      if (allowed) {
        expect(r.rejected).toEqual([]);
        expect(r.accepted).toEqual([c.changeId, e.changeId]);
        expect(await stored()).toMatchObject({
          ind_regulasi_level: 2,
          ind_regulasi_note: `catatan ${author}`,
        });
        expect((await opened.store.getRecord('attachments', e.id))?.fields).toMatchObject({
          evidenceFor: 'regulasi',
          mime: 'application/pdf',
        });
      } else {
        expect(refusals(r)).toEqual([claimRefusal, evidenceRefusal]);
        expect(await stored()).not.toHaveProperty('ind_regulasi_level');
        expect(await opened.store.getRecord('attachments', e.id)).toBeNull();
      }
    },
  );

  it('a bad level, an unknown indicator, a note too long or an unknown evidence target is refused and changes nothing', async () => {
    const bad = [
      change('entries', entryId, { [levelField('regulasi')]: 4 }, at(p1)),
      change('entries', entryId, { ind_entah_level: 1 }, at(p1)),
      change('entries', entryId, { [noteField('sdm')]: 'x'.repeat(2001) }, at(p1)),
      change(
        'attachments',
        uuidv7(T0),
        {
          entryId,
          evidenceFor: 'upload:ktp',
          sha256: PDF_SHA,
          mime: 'application/pdf',
          size: PDF.length,
          authorId: 'p1',
        },
        at(p1),
      ),
    ];
    const r = await sync(app, p1, 0, bad);
    expect(r.accepted).toEqual([]);
    expect(r.rejected.map((x) => x.issues?.map((i) => `${i.path}:${i.code}`))).toEqual([
      ['ind_regulasi_level:field.invalid_choice'],
      ['ind_entah_level:field.unknown'],
      ['ind_sdm_note:field.too_long'],
      ['evidenceFor:field.invalid_choice'],
    ]);
    expect(Object.keys(await stored()).filter((k) => k.startsWith('ind_'))).toEqual([]);
  });

  it('the PDF itself goes through the blob route by hash, and is served to the admin and the workshop, not to another workshop', async () => {
    expect((await putPdf(p1)).status).toBe(201);
    expect((await sync(app, p1, 0, [evidence(p1, 'p1')])).rejected).toEqual([]);
    const got = await getPdf(admin);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('application/pdf');
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(PDF);
    expect((await getPdf(fA)).status).toBe(200);
    expect((await getPdf(q)).status).toBe(404);
    expect((await getPdf(fB)).status).toBe(404);
  });

  it("the admin's IID export says 'Ya' once the profile, the five mandatory indicators and the uploads are there", async () => {
    const profile = {
      ...GOLDEN_FIELDS,
      rancangBangun: panjang(320),
      workshopId: A,
      authorId: 'p1',
    } as Record<string, unknown>;
    delete profile.createdAt;
    const wajib = ['regulasi', 'sdm', 'kecepatan', 'kemanfaatan', 'kualitas'];
    const changes: Change[] = [
      change('entries', entryId, profile as Change['fields'], at(p1)),
      change('entries', entryId, Object.fromEntries(wajib.map((k) => [levelField(k), 3])), at(p1)),
      // kualitas: the video link of the profile is its evidence.
      ...wajib.filter((k) => k !== 'kualitas').map((k) => evidence(p1, 'p1', k)),
      ...['anggaran', 'profilBisnis', 'haki'].map((u) => evidence(p1, 'p1', `upload:${u}`)),
    ];
    expect((await sync(app, p1, 0, changes)).rejected).toEqual([]);
    const csv = async () => {
      const res = await app.request('/api/v1/exports/iid.csv', {
        headers: { authorization: `Bearer ${admin.token}` },
      });
      expect(res.status).toBe(200);
      const rows = parseCsv((await res.text()).replace(/^\uFEFF/, ''));
      const row = rows.find((r) => r[0] === entryId)!;
      return [
        row[rows[0]!.indexOf('Siap Diunggah ke IID')],
        row[rows[0]!.indexOf('Perkiraan Skor Indikator')],
      ];
    };
    // One upload (penghargaan) still missing: not ready; the score counts what has evidence.
    expect(await csv()).toEqual(['Belum', String((3 + 2 + 2 + 3 + 4) * 3)]);
    expect((await sync(app, fA, 0, [evidence(fA, 'fA', 'upload:penghargaan')])).rejected).toEqual([]);
    expect(await csv()).toEqual(['Ya', '42']);
  });
});
