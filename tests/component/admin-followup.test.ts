// Follow-up of one innovation: "Naikkan tahapan" validates the date and writes tahapan +
// waktuUjiCoba (+ hasil) through writeRecord (record and outbox together); the readiness
// checklist lists what the IID profile and the KIPP proposal still miss.
import { configure, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { db } from '$src/app/db/db.ts';
import { writeRecord } from '$src/app/replica/local-write.ts';
import { i18n } from '$src/app/i18n/i18n.svelte.ts';
import ReadinessList from '$src/app/components/admin/ReadinessList.svelte';
import StageMove from '$src/app/components/admin/StageMove.svelte';
import { planStageMove } from '$src/app/state/admin/stage.ts';
import { resetDb } from '../unit/app/helpers.ts';

configure({ asyncUtilTimeout: 10_000 });

beforeEach(async () => {
  await resetDb();
  i18n.setLang('id');
});

describe('stage move', () => {
  it('plans each step with the fields that stage needs', () => {
    expect(planStageMove('Inisiatif', { date: '17/08/2026', hasil: '' })).toEqual({
      ok: true,
      patch: { tahapan: 'Uji Coba', waktuUjiCoba: '2026-08-17' },
    });
    expect(planStageMove('Uji Coba', { date: '1/2/2026', hasil: '' })).toEqual({
      ok: false,
      errors: { hasil: 'field.required' },
    });
    expect(planStageMove('Uji Coba', { date: '31/02/2027', hasil: 'Antrean turun' })).toEqual({
      ok: false,
      errors: { date: 'field.invalid_date' },
    });
    // A year after the current one: the server would keep it, the IID would not.
    expect(planStageMove('Inisiatif', { date: '01/01/2090', hasil: '' })).toEqual({
      ok: false,
      errors: { date: 'field.date_future' },
    });
    expect(planStageMove('Penerapan', { date: '01/01/2027', hasil: 'x' }).ok).toBe(false);
  });

  it('refuses a bad date with a translated message, then writes tahapan and waktuUjiCoba', async () => {
    await writeRecord(db, 'entries', 'e1', { nama: 'Si Pintar', tahapan: 'Inisiatif', hasil: '' });
    await db.outbox.clear();
    render(StageMove, { db, entryId: 'e1', tahapan: 'Inisiatif', hasil: '' });

    expect(screen.getByRole('heading', { name: 'Naikkan ke Uji Coba' })).toBeInTheDocument();
    const date = screen.getByLabelText('Waktu uji coba (hh/bb/tttt)');
    await fireEvent.input(date, { target: { value: '2026-08-17' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Simpan tahapan baru' }));
    expect(await screen.findByText(i18n.error('field.invalid_date'))).toBeInTheDocument();
    expect(date).toHaveAttribute('aria-invalid', 'true');
    expect((await db.entries.get('e1'))?.fields.tahapan).toBe('Inisiatif');
    expect(await db.outbox.count()).toBe(0);

    await fireEvent.input(date, { target: { value: '17/08/2026' } });
    await fireEvent.input(screen.getByLabelText('Hasil inovasi'), {
      target: { value: 'Uji di 2 kelurahan' },
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Simpan tahapan baru' }));
    await waitFor(async () => expect((await db.entries.get('e1'))?.fields.tahapan).toBe('Uji Coba'));
    const rec = await db.entries.get('e1');
    expect(rec?.fields.waktuUjiCoba).toBe('2026-08-17');
    expect(rec?.fields.hasil).toBe('Uji di 2 kelurahan');
    const out = await db.outbox.toArray();
    expect(out).toHaveLength(1);
    expect(out[0]!.fields).toEqual({
      tahapan: 'Uji Coba',
      waktuUjiCoba: '2026-08-17',
      hasil: 'Uji di 2 kelurahan',
    });
    expect(await screen.findByRole('status')).toHaveTextContent('Tahapan diubah ke Uji Coba');
  });

  it('says there is no next stage after Penerapan', () => {
    render(StageMove, { db, entryId: 'e1', tahapan: 'Penerapan', hasil: 'ok' });
    expect(screen.getByText(/sudah di tahap Penerapan/)).toBeInTheDocument();
    expect(screen.queryByRole('button')).toBeNull();
  });
});

describe('readiness checklist', () => {
  it('lists what the IID profile and the KIPP proposal miss, with translated messages', () => {
    render(ReadinessList, {
      fields: { nama: 'Si Pintar', opd: 'Dinas Sosial', tahapan: 'Uji Coba', rancangBangun: 'satu dua tiga' },
    });
    expect(
      screen.getByRole('heading', { name: /Profil IID \(Kemendagri\): \d+ hal belum lengkap/ }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: /Proposal KIPP \(KemenPAN-RB\): \d+ hal belum lengkap/ }),
    ).toBeInTheDocument();
    const items = screen.getAllByRole('listitem').map((li) => li.textContent ?? '');
    expect(
      items.some((t) => t.includes('Waktu uji coba') && t.includes(i18n.error('readiness.stage_date'))),
    ).toBe(true);
    expect(items.some((t) => t.includes('Rancang bangun') && t.includes('(3 dari minimal 300 kata)'))).toBe(
      true,
    );
    expect(items.some((t) => t.includes('TPB/SDG') && t.includes(i18n.error('readiness.sdg_required')))).toBe(
      true,
    );
    // Filled fields are not listed.
    expect(items.some((t) => t.startsWith('Nama inovasi'))).toBe(false);
  });
});

describe('entry page', () => {
  it('shows every field of the entry under its label, and no field key anywhere', async () => {
    const { GOLDEN_FIELDS } = await import('../unit/server/golden/fixtures.ts');
    const { default: EntryView } = await import('$src/app/screens/admin/EntryView.svelte');
    const { entryFieldSchemas } = await import('$src/core/entry.ts');
    await writeRecord(db, 'entries', 'golden', { ...GOLDEN_FIELDS, kippRingkasan: '' });
    const view = render(EntryView, { id: 'golden' });
    await screen.findByRole('heading', { name: GOLDEN_FIELDS.nama });
    const page = view.container.textContent ?? '';
    for (const v of [
      GOLDEN_FIELDS.cpNama,
      GOLDEN_FIELDS.rbDasarHukum,
      GOLDEN_FIELDS.rbMetode,
      GOLDEN_FIELDS.anggaran,
      GOLDEN_FIELDS.kippKeberlanjutan,
      'Komunikasi dan Informatika; Sosial',
      '16. Perdamaian, Keadilan dan Kelembagaan yang Tangguh',
      '31/12/2021',
    ])
      expect(page, v).toContain(v);
    for (const label of [
      'Urusan beririsan',
      'Anggaran',
      'TPB/SDG',
      'KIPP: ringkasan',
      'Rancang bangun: dasar hukum',
    ])
      expect(screen.getByText(label, { selector: 'dt' })).toBeInTheDocument();
    // The readiness list names kippRingkasan (now empty) by its label, not its key.
    // camelCase keys (waktuUjiCoba, kippRingkasan…) are never words; one-word keys (tahapan,
    // hasil) are ordinary Indonesian and may appear in the text itself.
    const camel = Object.keys(entryFieldSchemas).filter((k) => /[A-Z]/.test(k));
    expect(camel.length).toBeGreaterThan(20);
    for (const key of camel) expect(page, `raw key ${key}`).not.toMatch(new RegExp(`\\b${key}\\b`));
    expect(page).toContain('KIPP: ringkasan: Wajib diisi.');
  });
});
