/** Strings of the install/update flow (owned with src/app/pwa/). */
import { strings } from './strings.ts';

export default strings({
  id: {
    'pwa.offlineReady': 'Siap dipakai tanpa internet.',
    'pwa.updateAvailable': 'Versi baru tersedia.',
    'pwa.reload': 'Muat ulang',
    'pwa.later': 'Nanti',
    'pwa.insecure.title': 'Alamat ini tidak aman (http://): mode offline tidak tersedia.',
    'pwa.insecure.body':
      'Jika halaman ini ditutup atau dimuat ulang tanpa jaringan, aplikasi tidak akan terbuka. Isian Anda tetap tersimpan di perangkat ini dan terkirim selama jaringan ada.',
    'pwa.insecure.todo':
      'Kirim dulu isian Anda (tunggu sampai tertulis “Semua perubahan sudah terkirim”), lalu minta alamat https:// kepada panitia dan buka aplikasi dari alamat itu.',
  },
  en: {
    'pwa.offlineReady': 'Ready to work offline.',
    'pwa.updateAvailable': 'A new version is available.',
    'pwa.reload': 'Reload',
    'pwa.later': 'Later',
    'pwa.insecure.title': 'This address is not secure (http://): no offline mode.',
    'pwa.insecure.body':
      'If this page is closed or reloaded without a network, the app will not open. What you enter is still saved on this device and sent while the network is up.',
    'pwa.insecure.todo':
      'Send your entries first (wait for “All changes sent”), then ask the organisers for the https:// address and open the app from there.',
  },
});
