/** Strings of the sync indicator, per-entry sync states and sync notices (owned with src/app/sync/). */
export default {
  id: {
    'sync.now': 'Sinkronkan sekarang',
    'sync.syncing': 'Sedang menyinkronkan…',
    'sync.last.never': 'Belum pernah disinkronkan',
    'sync.last.justNow': 'Terakhir sinkron baru saja',
    'sync.last.minutes': 'Terakhir sinkron {n} menit lalu',
    'sync.last.hours': 'Terakhir sinkron {n} jam lalu',
    'sync.last.date': 'Terakhir sinkron {date}',
    'sync.pending.none': 'Semua perubahan sudah terkirim',
    'sync.pending.some': '{n} perubahan menunggu',
    'sync.rejected.some': '{n} perubahan perlu perhatian. Buka entrinya untuk memperbaiki atau membuangnya.',
    'sync.offline':
      'Sedang offline. Perubahan tetap tersimpan di perangkat dan dikirim otomatis saat internet kembali.',
    'sync.failed': 'Sinkron gagal: {reason}',
    'sync.net.offline': 'Server tidak dapat dihubungi. Periksa internet; kami akan mencoba lagi otomatis.',
    'sync.net.timeout': 'Server terlalu lama menjawab. Kami akan mencoba lagi otomatis.',
    'sync.net.bad_response':
      'Jawaban server tidak dikenali. Muat ulang atau perbarui aplikasi; kami akan mencoba lagi.',
    'sync.internal':
      'Terjadi kesalahan saat sinkron. Data tetap aman di perangkat; tekan "Sinkronkan sekarang" untuk mencoba lagi.',
    'sync.blob_missing':
      'Foto untuk perubahan ini tidak ada lagi di perangkat. Buang perubahan ini, lalu tambahkan fotonya lagi.',
    'sync.clock_skew':
      'Jam perangkat ini tidak cocok dengan jam server. Setel tanggal dan jam perangkat, lalu tekan "Coba kirim lagi".',
    'sync.notice.rejected': 'Perubahan ini belum diterima pusat',
    'sync.notice.fields': 'Kolom: {fields}',
    'sync.notice.discard': 'Buang perubahan ini',
    'sync.notice.retry': 'Coba kirim lagi',
    'sync.notice.discarded':
      'Perubahan dibuang. Nilai dari pusat diambil pada sinkron berikutnya; isian yang dibuang tetap tersimpan di riwayat.',
    'sync.conflict.title': 'Isian ini tertimpa suntingan lain pada waktu yang sama',
    'sync.conflict.lost': '{field}: "{value}"',
    'sync.conflict.restore': 'Pulihkan',
    'sync.conflict.restored': 'Isian dipulihkan dan akan dikirim ke pusat.',
    'status.draft': 'Draf',
    'status.local': 'Tersimpan di perangkat',
    'status.sent': 'Terkirim ke pusat',
    'status.attention': 'Perlu perhatian',
  },
  en: {
    'sync.now': 'Sync now',
    'sync.syncing': 'Syncing…',
    'sync.last.never': 'Never synced',
    'sync.last.justNow': 'Last synced just now',
    'sync.last.minutes': 'Last synced {n} minutes ago',
    'sync.last.hours': 'Last synced {n} hours ago',
    'sync.last.date': 'Last synced {date}',
    'sync.pending.none': 'All changes sent',
    'sync.pending.some': '{n} changes waiting',
    'sync.rejected.some': '{n} changes need attention. Open the entry to fix or discard them.',
    'sync.offline':
      'Offline. Changes stay saved on this device and are sent automatically when the internet is back.',
    'sync.failed': 'Sync failed: {reason}',
    'sync.net.offline': 'The server cannot be reached. Check the internet; we will retry automatically.',
    'sync.net.timeout': 'The server took too long to answer. We will retry automatically.',
    'sync.net.bad_response': 'The server answer was not understood. Reload or update the app; we will retry.',
    'sync.internal':
      'Something went wrong while syncing. Your data is safe on this device; press “Sync now” to try again.',
    'sync.blob_missing':
      'The photo for this change is no longer on this device. Discard this change, then add the photo again.',
    'sync.clock_skew':
      "This device's clock does not match the server. Set the device's date and time, then press “Try again”.",
    'sync.notice.rejected': 'This change was not accepted by the central office',
    'sync.notice.fields': 'Fields: {fields}',
    'sync.notice.discard': 'Discard this change',
    'sync.notice.retry': 'Try sending again',
    'sync.notice.discarded':
      'Change discarded. The central value is fetched at the next sync; the discarded input stays in the history.',
    'sync.conflict.title': 'This input was overwritten by another edit made at the same time',
    'sync.conflict.lost': '{field}: "{value}"',
    'sync.conflict.restore': 'Restore',
    'sync.conflict.restored': 'Input restored; it will be sent to the central office.',
    'status.draft': 'Draft',
    'status.local': 'Saved on this device',
    'status.sent': 'Sent to the central office',
    'status.attention': 'Needs attention',
  },
};
