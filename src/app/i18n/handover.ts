/** Strings of the hand-over panel (components/HandoverPanel.svelte, src/app/handover/). The
 * reasons a file is refused are error codes in core/messages.ts (`handover.*`). */
import { strings } from './strings.ts';
import { useStrings } from './loaded.ts';

const handover = strings({
  id: {
    'handover.title': 'Serah terima lewat berkas (tanpa internet)',
    'handover.intro':
      'Pindahkan entri beserta fotonya ke perangkat lain dalam satu berkas .lumbung, lewat WhatsApp, Bluetooth, Nearby Share, atau kabel.',
    'handover.exportHeading': 'Ekspor',
    'handover.scopeAll': 'Semua entri di perangkat ini',
    'handover.scopeSelected': 'Entri terpilih ({n})',
    'handover.export': 'Ekspor ke berkas',
    'handover.exporting': 'Menyiapkan berkas…',
    'handover.exported': 'Berkas {name} siap: {entries} entri, {photos} foto.',
    'handover.skippedPhotos': '{n} foto rusak di perangkat ini dan tidak ikut diekspor.',
    'handover.share': 'Bagikan',
    'handover.download': 'Unduh berkas',
    'handover.shared': 'Berkas sudah dibagikan.',
    'handover.downloaded':
      'Berkas diunduh. Kirim dari folder Unduhan (Download) lewat WhatsApp, Bluetooth, atau Nearby Share.',
    'handover.importHeading': 'Impor',
    'handover.import': 'Impor berkas',
    'handover.importHint':
      'Pilih berkas .lumbung yang Anda terima. Isinya diperiksa dulu; belum ada yang diubah sebelum Anda menekan Terapkan.',
    'handover.reading': 'Memeriksa berkas…',
    'handover.refused': 'Berkas ditolak',
    'handover.previewTitle': 'Yang akan berubah di perangkat ini',
    'handover.from': 'Berkas dibuat {date}.',
    'handover.countNew': 'Entri baru: {n}',
    'handover.countChanged': 'Entri yang diperbarui: {n}',
    'handover.countUnchanged': 'Entri yang sudah ada dan tidak berubah: {n}',
    'handover.countPhotos': 'Foto baru: {n}',
    'handover.countRelated': 'Ulasan dan komentar baru atau diperbarui: {n}',
    'handover.countConflicts':
      'Suntingan bersamaan: {n} (nilai yang kalah disimpan di riwayat dan bisa dipulihkan)',
    'handover.kind.new': 'baru',
    'handover.kind.changed': 'diperbarui',
    'handover.kind.unchanged': 'tidak berubah',
    'handover.untitled': '(tanpa nama)',
    'handover.deleted': 'dihapus',
    'handover.by': 'oleh {name}',
    'handover.relatedLine': '+{photos} foto, {reviews} ulasan, {comments} komentar',
    'handover.nothingToDo':
      'Semua isi berkas ini sudah ada di perangkat ini. Tidak ada yang perlu diterapkan.',
    'handover.apply': 'Terapkan',
    'handover.applying': 'Menerapkan…',
    'handover.applied':
      'Impor selesai: {added} ditambahkan, {changed} diperbarui. Semuanya dikirim ke pusat saat perangkat ini sinkron.',
  },
  en: {
    'handover.title': 'Hand-over by file (no internet needed)',
    'handover.intro':
      'Move entries with their photos to another device in one .lumbung file, via WhatsApp, Bluetooth, Nearby Share or a cable.',
    'handover.exportHeading': 'Export',
    'handover.scopeAll': 'All entries on this device',
    'handover.scopeSelected': 'Selected entries ({n})',
    'handover.export': 'Export to file',
    'handover.exporting': 'Preparing the file…',
    'handover.exported': 'File {name} is ready: {entries} entries, {photos} photos.',
    'handover.skippedPhotos': '{n} photos are damaged on this device and were left out.',
    'handover.share': 'Share',
    'handover.download': 'Download file',
    'handover.shared': 'The file was shared.',
    'handover.downloaded':
      'File downloaded. Send it from your Downloads folder via WhatsApp, Bluetooth or Nearby Share.',
    'handover.importHeading': 'Import',
    'handover.import': 'Import file',
    'handover.importHint':
      'Choose a .lumbung file you received. It is checked first; nothing changes until you press Apply.',
    'handover.reading': 'Checking the file…',
    'handover.refused': 'File refused',
    'handover.previewTitle': 'What will change on this device',
    'handover.from': 'File made on {date}.',
    'handover.countNew': 'New entries: {n}',
    'handover.countChanged': 'Updated entries: {n}',
    'handover.countUnchanged': 'Entries already here, unchanged: {n}',
    'handover.countPhotos': 'New photos: {n}',
    'handover.countRelated': 'New or updated reviews and comments: {n}',
    'handover.countConflicts':
      'Concurrent edits: {n} (the losing values are kept in history and can be restored)',
    'handover.kind.new': 'new',
    'handover.kind.changed': 'updated',
    'handover.kind.unchanged': 'unchanged',
    'handover.untitled': '(untitled)',
    'handover.deleted': 'deleted',
    'handover.by': 'by {name}',
    'handover.relatedLine': '+{photos} photos, {reviews} reviews, {comments} comments',
    'handover.nothingToDo': 'Everything in this file is already on this device. There is nothing to apply.',
    'handover.apply': 'Apply',
    'handover.applying': 'Applying…',
    'handover.applied':
      'Import done: {added} added, {changed} updated. Everything goes to the central office when this device syncs.',
  },
});

useStrings(handover);
export default handover;
