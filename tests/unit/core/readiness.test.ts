import { describe, expect, it } from 'vitest';
import { KIPP_SECTIONS, MESSAGES, RANCANG_BANGUN_MIN_WORDS, type FieldValue } from '$src/core/index.ts';
import { rancangBangunWords, readiness } from '$src/core/readiness.ts';

const words = (n: number, w = 'kata') => Array.from({ length: n }, (_, i) => `${w}${i}`).join(' ');

/** An entry that both checklists accept: every test below takes one thing away. */
function complete(): Record<string, FieldValue> {
  const f: Record<string, FieldValue> = {
    opd: 'Dinas Sosial',
    cpNama: 'Sri Rahayu',
    cpWhatsapp: '081234567890',
    nama: 'Sosial Home Care Lanjut Usia',
    tahapan: 'Penerapan',
    inisiator: 'OPD',
    namaInisiator: 'Kepala Dinas Sosial',
    jenis: 'Non Digital',
    bentuk: 'Inovasi Pelayanan Publik',
    tematik: 'Penanggulangan Kemiskinan',
    urusanUtama: 'Sosial',
    urusanBeririsan: ['Kesehatan'],
    waktuInisiasi: '2020-01-06',
    waktuUjiCoba: '2020-03-02',
    waktuPenerapan: '2021-01-04',
    rancangBangun: words(200),
    rbDasarHukum: words(50, 'pasal'),
    rbMetode: words(50, 'langkah'),
    tujuan: 'Lansia terlantar mendapat perawatan di rumah.',
    manfaat: 'Lansia tetap tinggal bersama keluarga.',
    hasil: '120 lansia dilayani pada 2021.',
    kippKelompok: 'Umum',
    kippKategori: 'Kesehatan',
    sdgs: [1, 3],
    kippVideo: 'https://youtu.be/abc123',
  };
  for (const s of KIPP_SECTIONS) f[s.key] = words(Math.min(s.maxWords, 40));
  return f;
}

function without(field: string): Record<string, FieldValue> {
  const f = complete();
  delete f[field];
  return f;
}

describe('readiness', () => {
  it('accepts a complete entry for both systems', () => {
    const r = readiness(complete());
    expect(r.iid).toEqual({ ready: true, missing: [] });
    expect(r.kipp).toEqual({ ready: true, missing: [] });
  });

  it.each([
    'opd',
    'cpNama',
    'cpWhatsapp',
    'nama',
    'tahapan',
    'inisiator',
    'namaInisiator',
    'jenis',
    'bentuk',
    'tematik',
    'urusanUtama',
    'waktuInisiasi',
    'tujuan',
    'manfaat',
    'hasil',
  ])('IID misses %s when it is absent, blank or null', (field) => {
    for (const value of [undefined, '   ', null] as const) {
      const f = without(field);
      if (value !== undefined) f[field] = value;
      const r = readiness(f);
      expect(r.iid.ready).toBe(false);
      expect(r.iid.missing).toContainEqual({ field, code: 'field.required' });
      expect(r.kipp.ready).toBe(true);
    }
  });

  it.each([
    ['Uji Coba', 'waktuUjiCoba'],
    ['Penerapan', 'waktuPenerapan'],
  ])('stage %s needs %s', (tahapan, field) => {
    const f = without(field);
    f.tahapan = tahapan;
    expect(readiness(f).iid.missing).toEqual([{ field, code: 'readiness.stage_date' }]);
  });

  it('Inisiatif needs no trial or rollout date; Penerapan does not demand a trial date', () => {
    const f = without('waktuUjiCoba');
    delete f.waktuPenerapan;
    f.tahapan = 'Inisiatif';
    expect(readiness(f).iid.ready).toBe(true);
    const g = without('waktuUjiCoba');
    expect(readiness(g).iid.ready).toBe(true);
  });

  it('rancang bangun counts the main text and the sub-parts together: 299 misses, 300 passes', () => {
    const f = complete();
    f.rancangBangun = words(149);
    f.rbDasarHukum = words(100);
    f.rbCaraKerja = `  ${words(50)}\n\n`;
    delete f.rbMetode;
    expect(rancangBangunWords(f)).toBe(RANCANG_BANGUN_MIN_WORDS - 1);
    expect(readiness(f).iid.missing).toEqual([
      { field: 'rancangBangun', code: 'readiness.rancang_bangun_short', words: 299, limit: 300 },
    ]);
    f.rancangBangun = words(150);
    expect(rancangBangunWords(f)).toBe(300);
    expect(readiness(f).iid).toEqual({ ready: true, missing: [] });
  });

  it('sub-parts alone can carry the 300 words', () => {
    const f = complete();
    f.rancangBangun = '';
    f.rbPermasalahan = words(150);
    f.rbIsuStrategis = words(50);
    f.rbKeunggulan = words(100);
    delete f.rbDasarHukum;
    delete f.rbMetode;
    expect(readiness(f).iid.ready).toBe(true);
  });

  it.each(KIPP_SECTIONS.map((s) => [s.key, s.maxWords] as const))(
    'KIPP section %s: at its limit of %i words passes, one more is too long, empty is missing',
    (key, max) => {
      const f = complete();
      f[key] = words(max);
      expect(readiness(f).kipp.ready).toBe(true);
      f[key] = words(max + 1);
      expect(readiness(f).kipp).toEqual({
        ready: false,
        missing: [{ field: key, code: 'readiness.section_too_long', words: max + 1, limit: max }],
      });
      f[key] = '';
      expect(readiness(f).kipp.missing).toEqual([{ field: key, code: 'field.required' }]);
      expect(readiness(f).iid.ready).toBe(true);
    },
  );

  it('KIPP needs at least one SDG', () => {
    const f = complete();
    f.sdgs = [];
    expect(readiness(f).kipp.missing).toEqual([{ field: 'sdgs', code: 'readiness.sdg_required' }]);
    expect(readiness(without('sdgs')).kipp.missing).toEqual([
      { field: 'sdgs', code: 'readiness.sdg_required' },
    ]);
  });

  it('a Replikasi proposal needs the origin of the innovation it replicates; Umum does not', () => {
    const f = complete();
    f.kippKelompok = 'Replikasi';
    expect(readiness(f).kipp.missing).toEqual([{ field: 'kippAsalReplikasi', code: 'field.required' }]);
    f.kippAsalReplikasi = 'Lapor Jalan Rusak, Kota Malang (2022)';
    expect(readiness(f).kipp.ready).toBe(true);
    expect(readiness(complete()).kipp.ready).toBe(true);
  });

  it('Adaptabilitas is two parts, each with its own limit (100 + 200 words)', () => {
    expect(
      KIPP_SECTIONS.filter((s) => s.key === 'kippSudahDireplikasi' || s.key === 'kippAdaptabilitas'),
    ).toMatchObject([
      { maxWords: 100, part: { of: 'Adaptabilitas' } },
      { maxWords: 200, part: { of: 'Adaptabilitas' } },
    ]);
  });

  it.each(['kippKelompok', 'kippKategori', 'kippVideo'])('KIPP needs %s', (field) => {
    expect(readiness(without(field)).kipp.missing).toEqual([{ field, code: 'field.required' }]);
  });

  it('an empty draft misses everything, in form order, and every code has id and en text', () => {
    const r = readiness({});
    expect(r.iid.missing.map((m) => m.field)).toEqual([
      'opd',
      'cpNama',
      'cpWhatsapp',
      'nama',
      'tahapan',
      'inisiator',
      'namaInisiator',
      'jenis',
      'bentuk',
      'tematik',
      'urusanUtama',
      'waktuInisiasi',
      'rancangBangun',
      'tujuan',
      'manfaat',
      'hasil',
    ]);
    expect(r.kipp.missing).toHaveLength(4 + KIPP_SECTIONS.length);
    for (const m of [...r.iid.missing, ...r.kipp.missing]) {
      expect(MESSAGES[m.code].id.length).toBeGreaterThan(0);
      expect(MESSAGES[m.code].en.length).toBeGreaterThan(0);
    }
  });

  it('ignores values of the wrong type instead of throwing', () => {
    const r = readiness({ rancangBangun: 42, sdgs: 'x', tujuan: ['a'] } as Record<string, FieldValue>);
    expect(r.iid.missing).toContainEqual(expect.objectContaining({ field: 'rancangBangun', words: 0 }));
    expect(r.kipp.missing).toContainEqual({ field: 'sdgs', code: 'readiness.sdg_required' });
  });
});
