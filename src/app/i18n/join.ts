/** Strings of "Gabung lokakarya" (screens/JoinScreen.svelte). Join errors are translated here
 * by code, so the message is right even when the server's own text is missing. Loaded with the
 * join chunk, not listed in dictionaries.ts (the participant's first screen): they call useStrings (loaded.ts). */
import { useStrings } from './loaded.ts';
import { strings } from './strings.ts';

const join = strings({
  id: {
    'join.title': 'Gabung lokakarya',
    'join.intro':
      'Masukkan kode dari fasilitator (atau pindai QR-nya). Perlu internet sekali saja; setelah itu aplikasi bekerja tanpa internet.',
    'join.code': 'Kode lokakarya',
    'join.name': 'Nama Anda',
    'join.submit': 'Gabung',
    'join.joining': 'Menghubungi server…',
    'join.welcome': 'Selamat datang di {workshop}. Pilih OPD Anda; entri Anda akan mencantumkannya.',
    'join.opd': 'OPD Anda',
    'join.opdChoose': '— Pilih OPD —',
    'join.opdSubmit': 'Simpan dan mulai',
    'join.done': 'Anda sudah bergabung di {workshop} sebagai {role}.',
    'join.already':
      'Perangkat ini sudah bergabung di {workshop} sebagai {role}. Bergabung lagi akan menggantinya.',
    'join.role.participant': 'peserta',
    'join.role.facilitator': 'fasilitator',
    'join.error.generic': 'Gagal bergabung. Periksa kode lalu coba lagi.',
    'join.error.sync.net.offline':
      'Perlu internet sekali untuk bergabung. Sambungkan ke internet (data seluler atau Wi-Fi), lalu tekan Gabung lagi.',
    'join.error.sync.net.timeout': 'Server tidak menjawab. Periksa sinyal internet, lalu coba lagi.',
    'join.error.sync.net.bad_response': 'Jawaban server tidak dikenal. Perbarui aplikasi, lalu coba lagi.',
    'join.error.api.internal': 'Server sedang bermasalah. Coba lagi beberapa menit lagi.',
    'join.error.join.invalid_code': 'Kode tidak dikenal. Periksa kode dari fasilitator, lalu coba lagi.',
    'join.error.join.workshop_closed':
      'Lokakarya ini sudah ditutup. Tanyakan kode yang benar kepada fasilitator.',
    'join.error.api.rate_limited': 'Terlalu banyak percobaan. Tunggu satu menit, lalu coba lagi.',
    'join.error.join.failed': 'Gagal bergabung. Coba lagi.',
    'join.error.join.device_known':
      'Perangkat ini sudah pernah bergabung, tetapi kuncinya hilang. Hapus data aplikasi di perangkat ini lalu bergabung lagi, atau minta bantuan panitia.',
    'join.error.storage.failed': 'Gagal menyimpan di perangkat. Coba lagi.',
  },
  en: {
    'join.title': 'Join a workshop',
    'join.intro':
      'Enter the code from the facilitator (or scan its QR code). You need the internet once; after that the app works offline.',
    'join.code': 'Workshop code',
    'join.name': 'Your name',
    'join.submit': 'Join',
    'join.joining': 'Contacting the server…',
    'join.welcome': 'Welcome to {workshop}. Choose your OPD; your entries will carry it.',
    'join.opd': 'Your OPD',
    'join.opdChoose': '— Choose an OPD —',
    'join.opdSubmit': 'Save and start',
    'join.done': 'You joined {workshop} as {role}.',
    'join.already': 'This device already joined {workshop} as {role}. Joining again replaces it.',
    'join.role.participant': 'participant',
    'join.role.facilitator': 'facilitator',
    'join.error.generic': 'Could not join. Check the code and try again.',
    'join.error.sync.net.offline':
      'You need the internet once to join. Connect (mobile data or Wi-Fi), then press Join again.',
    'join.error.sync.net.timeout': 'The server did not answer. Check the connection, then try again.',
    'join.error.sync.net.bad_response': 'Unexpected answer from the server. Update the app, then try again.',
    'join.error.api.internal': 'The server has a problem. Try again in a few minutes.',
    'join.error.join.invalid_code': 'Unknown code. Check the code from the facilitator, then try again.',
    'join.error.join.workshop_closed': 'This workshop is closed. Ask the facilitator for the right code.',
    'join.error.api.rate_limited': 'Too many attempts. Wait a minute, then try again.',
    'join.error.join.failed': 'Could not join. Try again.',
    'join.error.join.device_known':
      'This device joined before but lost its key. Clear the app data on this device and join again, or ask the organisers.',
    'join.error.storage.failed': 'Could not save on this device. Try again.',
  },
});

useStrings(join);
export default join;
