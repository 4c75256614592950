/** Strings of the sync indicator and per-entry sync states (owned with src/app/sync/). */
export default {
  id: {
    'sync.now': 'Sinkronkan sekarang',
    'status.draft': 'Draf',
    'status.local': 'Tersimpan di perangkat',
    'status.sent': 'Terkirim ke pusat',
    'status.attention': 'Perlu perhatian',
  },
  en: {
    'sync.now': 'Sync now',
    'status.draft': 'Draft',
    'status.local': 'Saved on this device',
    'status.sent': 'Sent to the central office',
    'status.attention': 'Needs attention',
  },
};
