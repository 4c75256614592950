// The print views (issue 20 item 3): the KIPP proposal of one entry (sections in the template's
// order, words counted against each limit, Adaptabilitas in two parts, an entry saved before the
// split, the origin for Replikasi, the video link) and the workshop report (header, one section
// per OPD, the "Mengetahui" block).
import { configure, render, screen, within } from '@testing-library/svelte';
import { db } from '$src/app/db/db.ts';
import { writeRecord } from '$src/app/replica/local-write.ts';
import { i18n } from '$src/app/i18n/i18n.svelte.ts';
import KippProposal from '$src/app/print/KippProposal.svelte';
import WorkshopReport from '$src/app/print/WorkshopReport.svelte';
import { kippDocument } from '$src/app/print/kipp-doc.ts';
import { groupByOpd } from '$src/app/print/workshop-report.ts';
import KippPrintScreen from '$src/app/screens/print/KippPrintScreen.svelte';
import { KIPP_SECTIONS } from '$src/core/entry-fields.ts';
import { resetDb } from '../unit/app/helpers.ts';

configure({ asyncUtilTimeout: 10_000 });

beforeEach(async () => {
  await resetDb();
  i18n.setLang('id');
});

const words = (n: number, w = 'kata') => Array.from({ length: n }, () => w).join(' ');

const FULL = {
  nama: 'SAPA MAS WALI',
  opd: 'Satpol PP',
  waktuUjiCoba: '2021-03-15',
  waktuPenerapan: '2021-12-31',
  kippKelompok: 'Umum',
  kippKategori: 'Tata Kelola Pemerintahan',
  kippVideo: 'https://youtu.be/abc123',
  sdgs: [17, 16],
  kippRingkasan: words(12),
  kippLatarBelakang: words(300),
  kippKebaruan: words(201),
  kippImplementasi: words(5),
  kippSignifikansi: words(5),
  kippSudahDireplikasi: 'Sudah, oleh Kabupaten Blitar.',
  kippAdaptabilitas: 'Dapat diterapkan di kelurahan lain.',
  kippSumberDaya: words(5),
  kippKeberlanjutan: words(5),
};

const EXPECTED_SECTIONS = [
  '1. Ringkasan',
  '2. Latar Belakang dan Tujuan',
  '3. Kebaruan / Nilai Tambah',
  '4. Implementasi Inovasi',
  '5. Signifikansi',
  '6. Adaptabilitas',
  '7. Sumber Daya',
  '8. Strategi Keberlanjutan',
];

describe('the KIPP proposal', () => {
  it('has the header and the eight sections of the template, in order', () => {
    render(KippProposal, { fields: FULL });
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('KIPP');
    expect(screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent?.trim())).toEqual(
      EXPECTED_SECTIONS,
    );
    const head = screen.getByTestId('kipp-proposal').querySelector('dl')!;
    const pairs = [...head.querySelectorAll('dt')].map((dt) => [
      dt.textContent,
      dt.nextElementSibling?.textContent,
    ]);
    expect(pairs).toEqual([
      ['Judul inovasi', 'SAPA MAS WALI'],
      ['Instansi / OPD', 'Satpol PP'],
      ['Tanggal mulai implementasi', '31/12/2021'],
      ['Kelompok', 'Umum'],
      ['Kategori', 'Tata Kelola Pemerintahan'],
      [
        'SDGs / TPB',
        '16. Perdamaian, Keadilan dan Kelembagaan yang Tangguh; 17. Kemitraan untuk Mencapai Tujuan',
      ],
      ['Tautan video', 'https://youtu.be/abc123'],
    ]);
    // Umum: no origin line.
    expect(screen.queryByTestId('kipp-asal')).toBeNull();
  });

  it('counts each section against its limit: at the limit is fine, one more is marked', () => {
    const { container } = render(KippProposal, { fields: FULL });
    const part = (key: string) => container.querySelector(`[data-field="${key}"]`) as HTMLElement;
    expect(part('kippRingkasan')).toHaveTextContent('12 / maksimal 200 kata');
    expect(part('kippLatarBelakang')).toHaveTextContent('300 / maksimal 300 kata');
    expect(part('kippLatarBelakang')).not.toHaveTextContent('melebihi');
    expect(part('kippKebaruan')).toHaveTextContent('201 / maksimal 200 kata — melebihi batas 200 kata');
    expect(container.querySelectorAll('.count.over')).toHaveLength(1);
    // Every section of KIPP_SECTIONS is there with its own limit.
    for (const s of KIPP_SECTIONS) expect(part(s.key)).toHaveTextContent(`maksimal ${s.maxWords} kata`);
  });

  it('shows Adaptabilitas as "sudah direplikasi?" (100 words) and "potensi replikasi" (200)', () => {
    render(KippProposal, { fields: FULL });
    const section = screen.getByRole('heading', { name: '6. Adaptabilitas' }).closest('section')!;
    const parts = within(section).getAllByRole('heading', { level: 3 });
    expect(parts.map((h) => h.textContent)).toEqual(['Sudah direplikasi?', 'Potensi replikasi']);
    expect(section).toHaveTextContent(
      'Sudah direplikasi? 4 / maksimal 100 kata Sudah, oleh Kabupaten Blitar.' +
        'Potensi replikasi 5 / maksimal 200 kata Dapat diterapkan di kelurahan lain.',
    );
  });

  it('an entry saved before the split shows its one adaptabilitas text as "potensi replikasi"', () => {
    const old = { nama: 'Lama', opd: 'Dinas Sosial', kippAdaptabilitas: 'Teks adaptabilitas lama.' };
    const { container } = render(KippProposal, { fields: old });
    expect(container.querySelector('[data-field="kippAdaptabilitas"]')).toHaveTextContent(
      'Potensi replikasi 3 / maksimal 200 kata Teks adaptabilitas lama.',
    );
    expect(container.querySelector('[data-field="kippSudahDireplikasi"]')).toHaveTextContent(
      'Sudah direplikasi? 0 / maksimal 100 kata (belum diisi)',
    );
    expect(screen.getByText('Tanggal mulai implementasi').nextElementSibling).toHaveTextContent(
      '(belum diisi)',
    );
  });

  it('a Replikasi proposal names the innovation it replicates', () => {
    render(KippProposal, {
      fields: { ...FULL, kippKelompok: 'Replikasi', kippAsalReplikasi: 'SIDOTI, Kabupaten Blitar (2021)' },
    });
    expect(screen.getByText('Asal inovasi yang direplikasi').nextElementSibling).toHaveTextContent(
      'SIDOTI, Kabupaten Blitar (2021)',
    );
    // Replikasi without an origin yet: the line is there, saying it is empty.
    expect(kippDocument({ kippKelompok: 'Replikasi' }).asalReplikasi).toBe('');
    expect(kippDocument({ kippKelompok: 'Umum' }).asalReplikasi).toBeNull();
  });

  it('the print screen reads the entry from the device', async () => {
    await writeRecord(db, 'entries', 'e-kipp', { ...FULL });
    render(KippPrintScreen, { id: 'e-kipp', back: '/admin/entri/e-kipp' });
    expect(await screen.findByTestId('kipp-proposal')).toHaveTextContent('SAPA MAS WALI');
    expect(screen.getByRole('button', { name: 'Cetak / simpan sebagai PDF' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: '← Kembali' })).toHaveAttribute('href', '/admin/entri/e-kipp');
  });

  it('the print screen of an entry not on the device says what to do', async () => {
    render(KippPrintScreen, { id: 'nope', back: '/fasilitator' });
    expect(await screen.findByRole('alert')).toHaveTextContent('Sinkronkan dulu');
  });
});

describe('the workshop report', () => {
  const entries = [
    {
      id: 'a',
      fields: { workshopId: 'ws1', nama: 'Posyandu Keliling', opd: 'Dinas Kesehatan', tahapan: 'Inisiatif' },
    },
    {
      id: 'b',
      fields: {
        workshopId: 'ws1',
        nama: 'Ambulans Desa',
        opd: 'Dinas Kesehatan',
        waktuInisiasi: '2026-01-05',
      },
    },
    { id: 'c', fields: { workshopId: 'ws1', nama: 'Lapor Jalan', opd: 'DPUPR' } },
    { id: 'd', fields: { workshopId: 'ws2', nama: 'Lain', opd: 'Bapenda' } },
    { id: 'e', fields: { workshopId: 'ws1', nama: 'Dihapus', opd: 'Bapenda', deleted: true } },
    { id: 'f', fields: { workshopId: 'ws1', nama: 'Duplikat', opd: 'Bapenda', mergedInto: 'a' } },
  ];
  const workshop = {
    nama: 'Lokakarya Kota Blitar',
    tanggal: '2026-11-27',
    tempat: 'Aula Bapperinda',
    penyelenggara: 'Bapperinda',
  };

  it('has the header, every OPD of the workshop in its own section, and the Mengetahui block', () => {
    const groups = groupByOpd(entries, 'ws1');
    render(WorkshopReport, { workshop, groups, printedAt: Date.UTC(2026, 10, 27, 3) });
    const head = screen.getByTestId('workshop-report').querySelector('header')!;
    expect(head).toHaveTextContent('Laporan Lokakarya Inovasi Daerah');
    expect(head).toHaveTextContent('Lokakarya Lokakarya Kota Blitar');
    expect(head).toHaveTextContent('Tanggal 27/11/2026');
    expect(head).toHaveTextContent('Tempat Aula Bapperinda');
    expect(head).toHaveTextContent('3 inovasi dari 2 perangkat daerah');
    const opds = screen.getAllByTestId('report-opd');
    expect(opds.map((s) => within(s).getByRole('heading', { level: 2 }).textContent)).toEqual([
      'Dinas Kesehatan',
      'DPUPR',
    ]);
    expect(
      within(opds[0]!)
        .getAllByRole('heading', { level: 3 })
        .map((h) => h.textContent),
    ).toEqual(['1. Ambulans Desa', '2. Posyandu Keliling']);
    expect(opds[0]).toHaveTextContent('Waktu inisiasi');
    expect(opds[0]).toHaveTextContent('05/01/2026');
    const sign = screen.getByTestId('report-sign');
    expect(sign).toHaveTextContent('Aula Bapperinda, 27/11/2026');
    expect(sign).toHaveTextContent('Mengetahui,');
    expect(sign).toHaveTextContent('NIP.');
  });

  it('a workshop with no entries on the device says so', () => {
    render(WorkshopReport, { workshop, groups: groupByOpd(entries, 'ws-empty'), printedAt: 0 });
    expect(screen.getByTestId('workshop-report')).toHaveTextContent('Belum ada inovasi dari lokakarya ini');
    expect(screen.queryAllByTestId('report-opd')).toHaveLength(0);
  });
});
