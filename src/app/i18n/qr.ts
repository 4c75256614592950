/** Strings of the hand-over by camera. Loaded with the
 * hand-over panel's chunk, not listed in dictionaries.ts (the participant's first screen). */
import { isMessageCode } from '../../core/messages.ts';
import { i18n, tBuilt, useStrings } from './i18n.svelte.ts';
import { strings } from './strings.ts';

const qr = strings({
  id: {
    'qr.send': 'Kirim lewat QR',
    'qr.receive': 'Terima lewat QR',
    'qr.close': 'Tutup QR',
    'qr.sendIntro':
      'Tanpa internet dan tanpa memasangkan perangkat: kamera fasilitator membaca kode QR yang berganti-ganti di layar ini. Foto tidak ikut; foto menyusul lewat sinkronisasi atau berkas.',
    'qr.scopeUnsynced': 'Entri yang belum terkirim ke server ({n})',
    'qr.scopeAll': 'Semua entri',
    'qr.scopeSelected': 'Entri terpilih ({n})',
    'qr.start': 'Tampilkan QR',
    'qr.preparing': 'Menyiapkan QR…',
    'qr.showThis': 'Tunjukkan layar ini ke kamera fasilitator',
    'qr.sendHint':
      'Naikkan kecerahan layar, pegang sejauh satu lengan, dan tunggu sampai fasilitator berkata selesai. {entries} entri, {parts} bagian.',
    'qr.staticHint': 'Semua muat dalam satu kode QR. {entries} entri.',
    'qr.photosLeft': '{n} foto tidak ikut lewat QR; foto menyusul lewat sinkronisasi atau berkas .lumbung.',
    'qr.part': 'Bagian {n}',
    'qr.pause': 'Jeda',
    'qr.resume': 'Lanjutkan',
    'qr.receiveIntro':
      'Arahkan kamera ke layar peserta yang menampilkan "Kirim lewat QR". Bagian yang terlewat tidak perlu ditunggu: bagian berikutnya menggantikannya.',
    'qr.cameraLabel': 'Gambar kamera untuk memindai QR',
    'qr.openCamera': 'Buka kamera',
    'qr.waiting': 'Menunggu kode QR…',
    'qr.progress': '{have} dari {need} bagian',
    'qr.checking': 'Memeriksa kiriman…',
    'qr.foreign': 'Kode QR ini bukan kiriman Lumbung Inovasi; diabaikan.',
    'qr.malformed': 'Sebuah bagian rusak dan diabaikan.',
    'qr.other': 'Ada kiriman lain di depan kamera; diabaikan sampai kiriman ini selesai.',
    'qr.again': 'Terima kiriman berikutnya',
    'qr.restart': 'Mulai ulang pemindaian',
    'qr.photosLater':
      'Foto entri ini tidak ikut lewat QR: foto menyusul saat pengirim menyinkronkan atau mengirim berkas .lumbung.',
    // Refusals of a hand-over by QR: here, not in core/messages.ts, so the participant's first
    // screen does not carry them (qrError below).
    'handover.qr_incomplete':
      'Kiriman QR belum lengkap. Tidak ada yang diubah. Arahkan kamera ke layar pengirim sampai semua bagian terbaca.',
    'handover.qr_hash':
      'Kiriman QR tidak cocok dengan sidiknya (rusak atau diubah) dan ditolak. Tidak ada yang diubah. Minta pengirim membuka ulang "Kirim lewat QR", lalu pindai lagi.',
    'handover.qr_too_large':
      'Terlalu banyak data untuk dikirim lewat QR (maksimal 64 KB, sekitar 20 entri). Tidak ada yang diubah. Pilih lebih sedikit entri, atau kirim lewat berkas .lumbung.',
    'handover.other_workshop':
      'Entri ini milik lokakarya lain, bukan lokakarya di perangkat ini, dan ditolak. Tidak ada yang diubah. Minta pengirim bergabung ke lokakarya ini dulu.',
    'handover.camera_denied':
      'Kamera tidak bisa dibuka (izin ditolak atau tidak ada kamera). Izinkan kamera untuk situs ini di pengaturan peramban, atau terima lewat berkas .lumbung.',
  },
  en: {
    'qr.send': 'Send by QR',
    'qr.receive': 'Receive by QR',
    'qr.close': 'Close QR',
    'qr.sendIntro':
      "No internet and no pairing: the facilitator's camera reads the changing QR codes on this screen. Photos are not included; they follow by sync or by file.",
    'qr.scopeUnsynced': 'Entries not yet sent to the server ({n})',
    'qr.scopeAll': 'All entries',
    'qr.scopeSelected': 'Selected entries ({n})',
    'qr.start': 'Show QR',
    'qr.preparing': 'Preparing the QR…',
    'qr.showThis': "Show this screen to the facilitator's camera",
    'qr.sendHint':
      'Turn the screen brightness up, hold it at arm’s length, and wait until the facilitator says it is done. {entries} entries, {parts} parts.',
    'qr.staticHint': 'Everything fits in one QR code. {entries} entries.',
    'qr.photosLeft': '{n} photos are not sent by QR; they follow by sync or by a .lumbung file.',
    'qr.part': 'Part {n}',
    'qr.pause': 'Pause',
    'qr.resume': 'Resume',
    'qr.receiveIntro':
      'Point the camera at the participant’s screen showing "Send by QR". Missed parts need no waiting: later parts replace them.',
    'qr.cameraLabel': 'Camera picture for scanning the QR',
    'qr.openCamera': 'Open the camera',
    'qr.waiting': 'Waiting for a QR code…',
    'qr.progress': '{have} of {need} parts',
    'qr.checking': 'Checking the transfer…',
    'qr.foreign': 'This QR code is not a Lumbung Inovasi transfer; ignored.',
    'qr.malformed': 'A damaged part was ignored.',
    'qr.other': 'Another transfer is in front of the camera; ignored until this one is done.',
    'qr.again': 'Receive the next transfer',
    'qr.restart': 'Start scanning over',
    'qr.photosLater':
      "These entries' photos are not sent by QR: they follow when the sender syncs or sends a .lumbung file.",
    // Refusals of a hand-over by QR: here, not in core/messages.ts, so the participant's first
    // screen does not carry them (qrError below).
    'handover.qr_incomplete':
      "The QR transfer is not complete yet. Nothing was changed. Keep the camera on the sender's screen until every part is read.",
    'handover.qr_hash':
      'The QR transfer does not match its checksum (damaged or altered) and was refused. Nothing was changed. Ask the sender to reopen "Send by QR", then scan again.',
    'handover.qr_too_large':
      'Too much data to send by QR (64 KB at most, about 20 entries). Nothing was changed. Choose fewer entries, or send a .lumbung file instead.',
    'handover.other_workshop':
      'These entries belong to another workshop, not the one on this device, and were refused. Nothing was changed. Ask the sender to join this workshop first.',
    'handover.camera_denied':
      'The camera could not be opened (permission denied or no camera). Allow the camera for this site in the browser settings, or receive a .lumbung file instead.',
  },
});

useStrings(qr);
export default qr;

/** The text of a refusal: a code of core/messages.ts (the file's own rules) or of this table. */
export function qrError(code: string): string {
  return isMessageCode(code) ? i18n.error(code) : tBuilt(code);
}
