/** Strings shared by every screen. Each area of the app has its own dictionary file like this
 * one ({ id, en } with the same keys); i18n.svelte.ts joins them and a test checks both sides. */
export default {
  id: {
    'app.name': 'Lumbung Inovasi',
    'app.tagline': 'Pendataan inovasi pelayanan publik, juga tanpa internet',
    'common.save': 'Simpan',
    'common.cancel': 'Batal',
    'common.close': 'Tutup',
    'common.undo': 'Urungkan',
    'common.loading': 'Memuat…',
  },
  en: {
    'app.name': 'Lumbung Inovasi',
    'app.tagline': 'Public-service innovation mapping, also without internet',
    'common.save': 'Save',
    'common.cancel': 'Cancel',
    'common.close': 'Close',
    'common.undo': 'Undo',
    'common.loading': 'Loading…',
  },
};
