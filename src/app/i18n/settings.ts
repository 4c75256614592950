/** Strings of Pengaturan: language, storage health, backup (owned with screens/SettingsScreen.svelte). */
import { strings } from './strings.ts';
import { useStrings } from './loaded.ts';

const settings = strings({
  id: {
    'settings.title': 'Pengaturan',
    'settings.office': 'Kantor pusat',
    'settings.officeHelp':
      'Untuk petugas Bagian Organisasi dan Bapperinda: dasbor, tindak lanjut, dan ekspor.',
    'settings.officeLink': 'Masuk admin',
    'settings.language': 'Bahasa',
    'settings.lang.id': 'Bahasa Indonesia',
    'settings.lang.en': 'English',
    'settings.storage': 'Penyimpanan perangkat',
    'settings.persist.granted':
      'Data dijaga: browser tidak akan menghapusnya saat ruang penyimpanan menipis.',
    'settings.persist.denied':
      'Browser belum menjamin data ini tetap tersimpan. Pasang aplikasi ke layar utama dan unduh cadangan secara berkala.',
    'settings.persist.unsupported':
      'Browser ini tidak mendukung penyimpanan permanen. Unduh cadangan secara berkala.',
    'settings.persist.unknown': 'Perlindungan data akan diminta setelah entri pertama disimpan.',
    'settings.usage': 'Terpakai {used} MB dari {quota} MB (sisa {free} MB).',
    'settings.usageUnknown': 'Browser ini tidak memberi tahu sisa ruang penyimpanan.',
    'settings.lowSpace':
      'Ruang penyimpanan hampir habis. Unduh cadangan dan kosongkan ruang (hapus foto atau berkas lain) agar entri baru tetap dapat disimpan.',
    'settings.backup': 'Cadangan',
    'settings.backupHint': 'Satu berkas JSON berisi semua entri, draf, dan foto di perangkat ini.',
    'settings.backupButton': 'Unduh cadangan',
    'settings.backupDone': 'Cadangan {name} diunduh.',
    'settings.backupFailed': 'Cadangan gagal dibuat. Coba lagi; data tetap aman di perangkat.',
  },
  en: {
    'settings.title': 'Settings',
    'settings.language': 'Language',
    'settings.lang.id': 'Bahasa Indonesia',
    'settings.lang.en': 'English',
    'settings.storage': 'Device storage',
    'settings.persist.granted': 'Data is protected: the browser will not delete it when space runs low.',
    'settings.persist.denied':
      'The browser does not guarantee to keep this data. Install the app to the home screen and download backups regularly.',
    'settings.persist.unsupported':
      'This browser does not support persistent storage. Download backups regularly.',
    'settings.persist.unknown': 'Protection will be requested after the first entry is saved.',
    'settings.usage': 'Using {used} MB of {quota} MB ({free} MB free).',
    'settings.usageUnknown': 'This browser does not report the free storage space.',
    'settings.lowSpace':
      'Storage is almost full. Download a backup and free some space (remove photos or other files) so new entries can still be saved.',
    'settings.backup': 'Backup',
    'settings.backupHint': 'One JSON file with all entries, drafts and photos on this device.',
    'settings.backupButton': 'Download backup',
    'settings.office': 'Central office',
    'settings.officeHelp': 'For Bagian Organisasi and Bapperinda staff: dashboard, follow-up and exports.',
    'settings.officeLink': 'Admin sign-in',
    'settings.backupDone': 'Backup {name} downloaded.',
    'settings.backupFailed': 'The backup could not be created. Try again; your data is safe on this device.',
  },
});

useStrings(settings);
export default settings;
