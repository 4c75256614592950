/** Strings shared by every screen. Each area of the app has its own file like this one, declared
 * with `strings()` (strings.ts): the shell's are listed in dictionaries.ts, a lazy chunk's call
 * `useStrings` (loaded.ts). */
import { strings } from './strings.ts';

export default strings({
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
});
