/** Strings of the hand-over by camera (issue 24: components/qr/, handover/qr/). Loaded with the
 * hand-over panel's chunk, not listed in dictionaries.ts (the participant's first screen). */
import { addStrings } from './lazy.ts';

const qr = {
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
    'qr.photosLater':
      'Foto entri ini tidak ikut lewat QR: foto menyusul saat pengirim menyinkronkan atau mengirim berkas .lumbung.',
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
    'qr.photosLater':
      "These entries' photos are not sent by QR: they follow when the sender syncs or sends a .lumbung file.",
  },
} as const;

addStrings(qr);
export default qr;
