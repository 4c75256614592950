/** Pick-lists of the IID profile and the KIPP proposal (../shared/DOMAIN.md). Values are stored as
 * written here; the Indonesian label is the value itself, English labels live in the app's i18n. */

export const TAHAPAN = ['Inisiatif', 'Uji Coba', 'Penerapan'] as const;
export const INISIATOR = ['Kepala Daerah', 'Anggota DPRD', 'OPD', 'ASN', 'Masyarakat'] as const;
export const JENIS = ['Digital', 'Non Digital'] as const;
export const BENTUK = [
  'Inovasi Tata Kelola Pemerintahan Daerah',
  'Inovasi Pelayanan Publik',
  'Inovasi Daerah lainnya sesuai Urusan Pemerintahan yang menjadi kewenangan Daerah',
] as const;
export const TEMATIK = [
  'Digitalisasi Layanan Pemerintahan',
  'Penanggulangan Kemiskinan',
  'Kemudahan Investasi',
  'Prioritas Aktual Presiden',
  'Non Tematik',
] as const;
export const URUSAN = [
  'Pendidikan',
  'Kesehatan',
  'Pekerjaan Umum dan Penataan Ruang',
  'Perumahan Rakyat dan Kawasan Permukiman',
  'Ketenteraman, Ketertiban Umum, dan Pelindungan Masyarakat',
  'Sosial',
  'Tenaga Kerja',
  'Pemberdayaan Perempuan dan Pelindungan Anak',
  'Pangan',
  'Pertanahan',
  'Lingkungan Hidup',
  'Administrasi Kependudukan dan Pencatatan Sipil',
  'Pemberdayaan Masyarakat dan Desa',
  'Pengendalian Penduduk dan Keluarga Berencana',
  'Perhubungan',
  'Komunikasi dan Informatika',
  'Koperasi, Usaha Kecil dan Menengah',
  'Penanaman Modal',
  'Kepemudaan dan Olahraga',
  'Statistik',
  'Persandian',
  'Kebudayaan',
  'Perpustakaan',
  'Kearsipan',
  'Kelautan dan Perikanan',
  'Pariwisata',
  'Pertanian',
  'Kehutanan',
  'Energi dan Sumber Daya Mineral',
  'Perdagangan',
  'Perindustrian',
  'Transmigrasi',
  'Perencanaan',
  'Keuangan',
  'Kepegawaian',
  'Pendidikan dan Pelatihan',
  'Penelitian dan Pengembangan',
  'Fungsi lain sesuai dengan ketentuan peraturan perundang-undangan',
] as const;

/** The six urusan wajib pelayanan dasar (UU 23/2014 Pasal 12 ayat 1). */
export const URUSAN_PELAYANAN_DASAR = [
  'Pendidikan',
  'Kesehatan',
  'Pekerjaan Umum dan Penataan Ruang',
  'Perumahan Rakyat dan Kawasan Permukiman',
  'Ketenteraman, Ketertiban Umum, dan Pelindungan Masyarakat',
  'Sosial',
] as const;

export const KIPP_KELOMPOK = ['Umum', 'Replikasi', 'Khusus'] as const;
export const KIPP_KATEGORI = [
  'Pengentasan Kemiskinan',
  'Pendidikan',
  'Kesehatan',
  'Ketahanan Pangan',
  'Pertumbuhan Ekonomi dan Kesempatan Kerja',
  'Pemberdayaan Masyarakat',
  'Pelayanan Publik Responsif Gender',
  'Perlindungan dan Pelestarian Lingkungan Hidup',
  'Tata Kelola Pemerintahan',
  'Penegakan Hukum',
] as const;

/** The 17 TPB (SDGs), index + 1 is the goal number. */
export const TPB = [
  'Tanpa Kemiskinan',
  'Tanpa Kelaparan',
  'Kehidupan Sehat dan Sejahtera',
  'Pendidikan Berkualitas',
  'Kesetaraan Gender',
  'Air Bersih dan Sanitasi Layak',
  'Energi Bersih dan Terjangkau',
  'Pekerjaan Layak dan Pertumbuhan Ekonomi',
  'Industri, Inovasi dan Infrastruktur',
  'Berkurangnya Kesenjangan',
  'Kota dan Permukiman yang Berkelanjutan',
  'Konsumsi dan Produksi yang Bertanggung Jawab',
  'Penanganan Perubahan Iklim',
  'Ekosistem Lautan',
  'Ekosistem Daratan',
  'Perdamaian, Keadilan dan Kelembagaan yang Tangguh',
  'Kemitraan untuk Mencapai Tujuan',
] as const;

/** Kota Blitar's perangkat daerah (DOMAIN.md): the default OPD list, editable by an admin. */
export const OPD_KOTA_BLITAR = [
  'Sekretariat Daerah (Bagian Organisasi)',
  'Bapperinda',
  'BPKAD',
  'BKPSDM',
  'BPBD',
  'Bakesbangpol',
  'Diskominfotik',
  'Dinas Perpustakaan dan Kearsipan',
  'Dinas Kesehatan',
  'RSUD Mardi Waluyo',
  'Dinas Sosial',
  'DPMPTSP',
  'Dinas Koperasi, UKM dan Tenaga Kerja',
  'Disperindag',
  'Dinas Lingkungan Hidup',
  'DKPP',
  'Dispendukcapil',
  'Satpol PP',
  'DP3AP2KB',
  'DPUPR',
  'Dinas Perumahan dan Kawasan Permukiman',
  'Dinas Kepemudaan dan Olahraga',
  'Kecamatan Sananwetan',
  'Kecamatan Kepanjenkidul',
  'Kecamatan Sukorejo',
  'Kelurahan Bendogerit',
  'Inspektorat',
  'Sekretariat DPRD',
  'Dinas Pendidikan',
  'Dinas Perhubungan',
  'Bapenda',
  'Puskesmas',
] as const;

export function countWords(text: string | null | undefined): number {
  if (!text) return 0;
  const m = text.trim().match(/\S+/gu);
  return m ? m.length : 0;
}
