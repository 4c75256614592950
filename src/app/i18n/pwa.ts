/** Strings of the install/update flow (owned with src/app/pwa/). */
export default {
  id: {
    'pwa.offlineReady': 'Siap dipakai tanpa internet.',
    'pwa.updateAvailable': 'Versi baru tersedia.',
    'pwa.reload': 'Muat ulang',
    'pwa.later': 'Nanti',
  },
  en: {
    'pwa.offlineReady': 'Ready to work offline.',
    'pwa.updateAvailable': 'A new version is available.',
    'pwa.reload': 'Reload',
    'pwa.later': 'Later',
  },
};
