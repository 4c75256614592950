/** Strings of the IID indicator editor on the entry form (components/indicators/). Loaded with
 * the form's chunk, not the first screen: the components that show them import this file, which calls useStrings (loaded.ts). */
import { IID_INDICATORS } from '../../core/indicators.ts';
import { levelField, noteField } from '../../core/indicator-fields.ts';
import { strings } from './strings.ts';
import { useStrings } from './loaded.ts';

/** Labels of the indicator fields of an entry, for conflict and "needs attention" notices. */
// Typed as `label.…` keys (not any string), so the area's other keys stay checked.
const labels = (level: string, note: string): Record<`label.${string}`, string> =>
  Object.fromEntries(
    IID_INDICATORS.flatMap((i) => [
      [`label.${levelField(i.key)}`, `${i.name}: ${level}`],
      [`label.${noteField(i.key)}`, `${i.name}: ${note}`],
    ]),
  );

const indicators = strings({
  id: {
    ...labels('tingkat', 'catatan'),
    'ind.title': 'Indikator IID dan bukti dukung',
    'ind.intro':
      'Untuk tindak lanjut setelah lokakarya: pilih tingkat tiap indikator dan lampirkan buktinya (PDF maksimal 5 MB, atau foto JPG/PNG yang diperkecil otomatis). Semua tersimpan di perangkat dan terkirim saat tersambung.',
    'ind.saveFirst': 'Simpan entri ini dulu; setelah itu indikator dan bukti dukungnya dapat diisi.',
    'ind.wajib': 'wajib',
    'ind.bobot': 'bobot {bobot}',
    'ind.level': 'Tingkat yang dipilih',
    'ind.levelNone': '— Belum dipilih —',
    'ind.levelOption': 'Tingkat {n}: {text}',
    'ind.note': 'Catatan',
    'ind.evidenceHint': 'Bukti yang diminta: {what}',
    'ind.videoHint': 'Tautan video di bagian KIPP dihitung sebagai bukti indikator ini.',
    'ind.addFile': 'Lampirkan bukti',
    'ind.processing': 'Menyimpan berkas…',
    'ind.noFiles': 'Belum ada bukti.',
    'ind.notHere': 'berkasnya belum ada di perangkat ini; terunduh saat sinkronisasi',
    'ind.remove': 'Hapus {name}',
    'ind.removeFailed': 'Bukti ini tidak dapat dihapus di perangkat ini. Coba lagi.',
    'ind.uploadsTitle': 'Unggahan lain yang diminta IID',
    'ind.upload.anggaran': 'Dokumen anggaran',
    'ind.upload.profilBisnis': 'Profil bisnis',
    'ind.upload.haki': 'HAKI',
    'ind.upload.penghargaan': 'Penghargaan',
    'ind.estimate': 'Perkiraan skor indikator: {score} dari {max}',
    'ind.formula': 'Rumus: jumlah bobot × tingkat untuk setiap indikator yang punya bukti ({formula}).',
    'ind.ready': 'Siap diunggah ke IID',
    'ind.notReady': 'Belum siap diunggah ke IID',
    'ind.missingProfile': 'Profil IID: {n} isian belum lengkap.',
    'ind.missingIndicators': 'Indikator wajib tanpa tingkat atau bukti: {names}.',
    'ind.missingUploads': 'Unggahan belum ada: {names}.',
  },
  en: {
    ...labels('level', 'note'),
    'ind.title': 'IID indicators and evidence',
    'ind.intro':
      'For follow-up after the workshop: choose a level for each indicator and attach its evidence (a PDF of 5 MB at most, or a JPG/PNG picture, resized automatically). Everything is kept on this device and sent when connected.',
    'ind.saveFirst': 'Save this entry first; then its indicators and evidence can be filled in.',
    'ind.wajib': 'mandatory',
    'ind.bobot': 'weight {bobot}',
    'ind.level': 'Chosen level',
    'ind.levelNone': '— Not chosen —',
    'ind.levelOption': 'Level {n}: {text}',
    'ind.note': 'Note',
    'ind.evidenceHint': 'Evidence asked for: {what}',
    'ind.videoHint': 'The video link in the KIPP section counts as evidence for this indicator.',
    'ind.addFile': 'Attach evidence',
    'ind.processing': 'Saving the file…',
    'ind.noFiles': 'No evidence yet.',
    'ind.notHere': 'the file is not on this device yet; it downloads when syncing',
    'ind.remove': 'Remove {name}',
    'ind.removeFailed': 'This evidence could not be removed on this device. Try again.',
    'ind.uploadsTitle': 'Other uploads the IID asks for',
    'ind.upload.anggaran': 'Budget document',
    'ind.upload.profilBisnis': 'Business profile',
    'ind.upload.haki': 'Intellectual property (HAKI)',
    'ind.upload.penghargaan': 'Awards',
    'ind.estimate': 'Estimated indicator score: {score} of {max}',
    'ind.formula': 'Formula: the sum of weight × level for every indicator with evidence ({formula}).',
    'ind.ready': 'Ready to upload to the IID',
    'ind.notReady': 'Not ready to upload to the IID yet',
    'ind.missingProfile': 'IID profile: {n} fields still missing.',
    'ind.missingIndicators': 'Mandatory indicators without a level or evidence: {names}.',
    'ind.missingUploads': 'Uploads still missing: {names}.',
  },
});

useStrings(indicators);
export default indicators;
