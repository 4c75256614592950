/** Strings of the app shell: header, navigation, not-found (owned with App.svelte). */
import { strings } from './strings.ts';

export default strings({
  id: {
    'nav.label': 'Menu utama',
    'nav.new': 'Entri baru',
    'nav.entries': 'Entri saya',
    'nav.settings': 'Pengaturan',
    'nav.skip': 'Lewati ke isi',
    'notFound.title': 'Halaman tidak ditemukan',
    'notFound.back': 'Kembali ke Entri saya',
    'load.failed': 'Bagian aplikasi ini gagal dimuat. Periksa koneksi atau muat ulang halaman.',
  },
  en: {
    'nav.label': 'Main menu',
    'nav.new': 'New entry',
    'nav.entries': 'My entries',
    'nav.settings': 'Settings',
    'nav.skip': 'Skip to content',
    'notFound.title': 'Page not found',
    'notFound.back': 'Back to My entries',
    'load.failed': 'This part of the app failed to load. Check the connection or reload the page.',
  },
});
