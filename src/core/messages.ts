/**
 * Error codes every side shares, each with its Indonesian and English text. A code is stable
 * (tests and clients match on it); the text tells a person what happened and what to do.
 * Zod schemas in core use these codes as their messages, so a validation issue can be
 * translated anywhere with `messageFor`.
 */
export const MESSAGES = {
  'field.required': { id: 'Wajib diisi.', en: 'This is required.' },
  'field.too_long': { id: 'Terlalu panjang. Persingkat teks ini.', en: 'Too long. Please shorten it.' },
  'field.too_long_max': {
    id: 'Terlalu panjang: maksimal {max} karakter. Persingkat teks ini.',
    en: 'Too long: {max} characters at most. Please shorten it.',
  },
  'field.too_many': { id: 'Terlalu banyak pilihan. Kurangi pilihannya.', en: 'Too many items. Remove some.' },
  'field.invalid_choice': {
    id: 'Pilihan tidak dikenal. Pilih salah satu dari daftar.',
    en: 'Unknown choice. Pick one from the list.',
  },
  'field.control_chars': {
    id: 'Teks berisi karakter tersembunyi yang tidak diizinkan. Ketik ulang teks ini.',
    en: 'The text has hidden control characters. Please retype it.',
  },
  'field.invalid_year': {
    id: 'Tahun tidak valid. Tulis empat angka antara 2000 dan 2100, misalnya 2026.',
    en: 'Invalid year. Write four digits between 2000 and 2100, e.g. 2026.',
  },
  'field.invalid_date': {
    id: 'Tanggal tidak valid. Tulis sebagai hh/bb/tttt, misalnya 23/11/2020.',
    en: 'Invalid date. Write it as dd/mm/yyyy, e.g. 23/11/2020.',
  },
  'field.date_future': {
    id: 'Tanggal ini jatuh setelah tahun ini. Periksa tahunnya.',
    en: 'This date is after the current year. Check the year.',
  },
  'field.date_before_inisiasi': {
    id: 'Tanggal ini sebelum waktu inisiasi. Periksa kedua tanggal.',
    en: 'This date is before the initiation date. Check both dates.',
  },
  'field.date_before_uji_coba': {
    id: 'Waktu penerapan sebelum waktu uji coba. Periksa kedua tanggal.',
    en: 'The implementation date is before the trial date. Check both dates.',
  },
  'field.invalid_phone': {
    id: 'Nomor WhatsApp tidak valid. Tulis nomor HP yang diawali 08, 62, atau +62, misalnya 0812 3456 7890.',
    en: 'Invalid WhatsApp number. Write a mobile number starting with 08, 62 or +62, e.g. 0812 3456 7890.',
  },
  'field.invalid_url': {
    id: 'Tautan tidak valid. Awali dengan https://',
    en: 'Invalid link. Start it with https://',
  },
  'field.invalid': { id: 'Isian tidak valid. Periksa kembali.', en: 'Invalid value. Please check it.' },
  'field.unknown': { id: 'Kolom tidak dikenal.', en: 'Unknown field.' },
  'field.not_on_list': {
    id: 'Pilihan ini tidak pernah ada di daftar. Pilih salah satu dari daftar tahun ini.',
    en: "This choice was never on the list. Pick one from this year's list.",
  },
  'field.duplicate': {
    id: 'Sudah ada di daftar (huruf besar/kecil tidak dibedakan). Hapus yang dobel.',
    en: 'Already in the list (upper/lower case ignored). Remove the duplicate.',
  },
  'photo.unreadable': {
    id: 'Foto tidak dapat dibaca. Pilih berkas gambar (JPG, PNG, WebP) lain.',
    en: 'The photo cannot be read. Choose another image file (JPG, PNG, WebP).',
  },
  'photo.offset': {
    id: 'Server memegang bagian lain dari foto ini. Pengiriman dilanjutkan otomatis dari sana.',
    en: 'The server holds a different part of this photo. Sending resumes from there by itself.',
  },
  'photo.quota': {
    id: 'Terlalu banyak foto yang menunggu entrinya di server. Sinkronkan entri Anda dulu, lalu kirim ulang foto ini.',
    en: 'Too many photos are waiting at the server for their entries. Sync your entries first, then send this photo again.',
  },
  'photo.not_image': {
    id: 'Berkas ini bukan gambar. Pilih foto berformat JPG, PNG, atau WebP.',
    en: 'This file is not an image. Choose a JPG, PNG or WebP photo.',
  },
  'photo.too_large': {
    id: 'Foto terlalu besar (maksimal 30 MB sebelum diperkecil). Pilih foto lain.',
    en: 'The photo is too large (30 MB at most before resizing). Choose another photo.',
  },
  'evidence.wrong_type': {
    id: 'Berkas ini tidak dapat dipakai sebagai bukti dukung. Pilih berkas PDF, JPG, atau PNG.',
    en: 'This file cannot be used as evidence. Choose a PDF, JPG or PNG file.',
  },
  'evidence.too_large': {
    id: 'Berkas terlalu besar (maksimal 5 MB). Perkecil atau pisahkan PDF-nya, lalu pilih lagi.',
    en: 'The file is too large (5 MB at most). Compress or split the PDF, then choose it again.',
  },
  'storage.full': {
    id: 'Penyimpanan perangkat penuh. Teks isian tetap aman; hapus berkas lain atau unduh cadangan, lalu coba lagi.',
    en: 'Device storage is full. Your text is safe; free some space or download a backup, then try again.',
  },
  'storage.failed': {
    id: 'Gagal menyimpan di perangkat. Teks isian tetap di layar; coba lagi.',
    en: 'Could not save on this device. Your text stays on screen; try again.',
  },
  'api.bad_json': { id: 'Isi permintaan bukan JSON yang valid.', en: 'The request body is not valid JSON.' },
  'api.invalid_body': {
    id: 'Isi permintaan tidak sesuai format. Perbarui aplikasi lalu coba lagi.',
    en: 'The request body has the wrong shape. Update the app and try again.',
  },
  'api.too_large': {
    id: 'Permintaan terlalu besar. Kirim dalam bagian yang lebih kecil.',
    en: 'The request is too large. Send it in smaller parts.',
  },
  'api.unauthorized': {
    id: 'Perangkat belum terdaftar atau tokennya tidak berlaku. Daftarkan ulang perangkat ini.',
    en: 'This device is not registered or its token is invalid. Register the device again.',
  },
  'api.forbidden': {
    id: 'Anda tidak berhak melakukan perubahan ini.',
    en: 'You are not allowed to make this change.',
  },
  'api.not_found': { id: 'Data tidak ditemukan.', en: 'Not found.' },
  'api.not_yet': {
    id: 'Data ini belum ada di server (pembuatannya belum sampai). Perubahan ini tetap tersimpan dan akan dikirim lagi otomatis.',
    en: 'This record is not on the server yet (its creation has not arrived). The change stays saved and will be sent again automatically.',
  },
  'api.hash_mismatch': {
    id: 'Isi foto tidak cocok dengan sidiknya (SHA-256). Foto akan dikirim ulang.',
    en: 'The photo content does not match its SHA-256. It will be sent again.',
  },
  'api.clock_ahead': {
    id: 'Jam perangkat ini jauh di depan jam server. Perubahan akan dicap ulang dan dikirim lagi.',
    en: "This device's clock is far ahead of the server. Changes will be restamped and resent.",
  },
  'api.too_deep': {
    id: 'Data yang dikirim terlalu bertingkat. Perbarui aplikasi lalu coba lagi.',
    en: 'The data sent is nested too deeply. Update the app and try again.',
  },
  'api.clock_counter': {
    id: 'Cap waktu perubahan ini tidak wajar, jadi server menolaknya. Perbarui aplikasi lalu simpan ulang perubahan ini.',
    en: 'This change carries an implausible timestamp, so the server refused it. Update the app and save the change again.',
  },
  'api.rate_limited': {
    id: 'Terlalu banyak percobaan. Tunggu sebentar lalu coba lagi.',
    en: 'Too many attempts. Wait a moment and try again.',
  },
  'api.not_ready': {
    id: 'Server belum siap (basis data atau folder data bermasalah). Data Anda tetap aman di perangkat; petugas server perlu memeriksanya.',
    en: 'The server is not ready (database or data folder problem). Your data is safe on the device; the server operator needs to check it.',
  },
  'api.internal': {
    id: 'Terjadi kesalahan di server. Data Anda tetap aman di perangkat; coba lagi nanti.',
    en: 'Server error. Your data is safe on the device; try again later.',
  },
  'admin.bad_credentials': {
    id: 'Nama pengguna atau kata sandi salah. Periksa keduanya lalu coba lagi.',
    en: 'Wrong username or password. Check both and try again.',
  },
  // Readiness checklist for the national systems (readiness.ts).
  'readiness.stage_date': {
    id: 'Tahapan inovasi ini memerlukan tanggal ini. Isi tanggalnya (hh/bb/tttt).',
    en: 'The innovation stage needs this date. Fill it in (dd/mm/yyyy).',
  },
  'readiness.rancang_bangun_short': {
    id: 'Rancang bangun kurang dari 300 kata (semua bagiannya dihitung bersama). Lengkapi uraiannya.',
    en: 'The rancang bangun has fewer than 300 words (all its parts counted together). Add to it.',
  },
  'readiness.section_too_long': {
    id: 'Bagian ini melebihi batas kata KIPP. Persingkat teksnya.',
    en: 'This section is over its KIPP word limit. Shorten the text.',
  },
  'readiness.sdg_required': {
    id: 'Pilih minimal satu TPB (SDG) yang didukung inovasi ini.',
    en: 'Choose at least one SDG (TPB) that this innovation supports.',
  },
  // Hand-over files (.lumbung), src/app/handover: a refused file changes nothing on the device.
  'handover.damaged': {
    id: 'Berkas rusak atau tidak lengkap (mungkin terpotong saat dikirim). Tidak ada yang diubah. Minta pengirim mengirim ulang berkasnya.',
    en: 'The file is damaged or incomplete (perhaps cut off while sending). Nothing was changed. Ask the sender to send it again.',
  },
  'handover.foreign': {
    id: 'Ini bukan berkas serah-terima Lumbung Inovasi. Tidak ada yang diubah. Pilih berkas yang berakhiran .lumbung.',
    en: 'This is not a Lumbung Inovasi hand-over file. Nothing was changed. Choose a file ending in .lumbung.',
  },
  'handover.newer_version': {
    id: 'Berkas ini dibuat oleh versi aplikasi yang lebih baru. Tidak ada yang diubah. Perbarui aplikasi (buka saat ada internet, lalu muat ulang), kemudian impor lagi.',
    en: 'This file was made by a newer version of the app. Nothing was changed. Update the app (open it online, then reload) and import again.',
  },
  'handover.invalid_manifest': {
    id: 'Isi berkas tidak sesuai format Lumbung Inovasi. Tidak ada yang diubah. Minta pengirim mengekspor ulang dengan aplikasi terbaru.',
    en: 'The file content does not match the Lumbung Inovasi format. Nothing was changed. Ask the sender to export again with the latest app.',
  },
  'handover.checksum': {
    id: 'Isi berkas tidak cocok dengan sidiknya (rusak atau diubah). Tidak ada yang diubah. Minta pengirim mengirim ulang berkasnya.',
    en: 'The file content does not match its checksum (damaged or altered). Nothing was changed. Ask the sender to send it again.',
  },
  'handover.blob_hash': {
    id: 'Sebuah foto dalam berkas tidak cocok dengan sidiknya (rusak atau diubah). Tidak ada yang diubah. Minta pengirim mengekspor ulang.',
    en: 'A photo in the file does not match its checksum (damaged or altered). Nothing was changed. Ask the sender to export again.',
  },
  'handover.unsafe_path': {
    id: 'Berkas berisi nama berkas yang tidak aman dan ditolak. Tidak ada yang diubah. Gunakan hanya berkas .lumbung dari aplikasi ini.',
    en: 'The file contains unsafe file names and was refused. Nothing was changed. Only use .lumbung files made by this app.',
  },
  'handover.too_many_files': {
    id: 'Berkas berisi terlalu banyak bagian. Tidak ada yang diubah. Minta pengirim mengekspor lebih sedikit entri per berkas.',
    en: 'The file has too many parts. Nothing was changed. Ask the sender to export fewer entries per file.',
  },
  'handover.too_large': {
    id: 'Berkas terlalu besar untuk diimpor (maksimal 500 MB, 10 MB per foto). Tidak ada yang diubah. Minta pengirim mengekspor lebih sedikit entri per berkas.',
    en: 'The file is too large to import (500 MB at most, 10 MB per photo). Nothing was changed. Ask the sender to export fewer entries per file.',
  },
  'handover.nothing_to_export': {
    id: 'Belum ada entri untuk diekspor. Simpan atau pilih minimal satu entri dulu.',
    en: 'There are no entries to export. Save or select at least one entry first.',
  },
  // Workshops and roles: joining by code, and per-field write permissions.
  'join.invalid_code': {
    id: 'Kode tidak dikenal. Periksa kembali kode dari fasilitator.',
    en: 'Unknown code. Check the code from your facilitator again.',
  },
  'join.workshop_closed': {
    id: 'Lokakarya ini sudah ditutup. Hubungi fasilitator atau panitia untuk lokakarya yang masih berjalan.',
    en: 'This workshop is closed. Ask the facilitator or the organisers for a workshop that is still open.',
  },
  'join.device_known': {
    id: 'Perangkat ini sudah terdaftar, tetapi kunci perangkat atau tokennya tidak cocok. Buka aplikasi di perangkat yang sama lalu coba lagi, atau hapus data aplikasi dan bergabung sebagai perangkat baru.',
    en: 'This device is already registered, but its device key or token did not match. Open the app on the same device and try again, or clear the app data and join as a new device.',
  },
  'join.required': {
    id: 'Token lokakarya perangkat ini tidak berlaku lagi. Gabung ulang dengan kode dari fasilitator; entri Anda tetap aman di perangkat.',
    en: "This device's workshop token is no longer valid. Join again with the facilitator's code; your entries stay safe on the device.",
  },
  'workshop.closed': {
    id: 'Lokakarya ini sudah ditutup, jadi perubahan baru tidak diterima server. Perubahan Anda tetap tersimpan di perangkat ini: minta panitia (Bagian Organisasi) membuka kembali lokakarya, atau ekspor entri Anda sebagai berkas dan serahkan ke fasilitator.',
    en: 'This workshop is closed, so the server takes no new changes. Your change stays saved on this device: ask the organisers (Bagian Organisasi) to reopen the workshop, or export your entries to a file and hand it to the facilitator.',
  },
  'perm.not_owner': {
    id: 'Entri ini milik peserta lain; Anda hanya dapat mengubah entri Anda sendiri. Buat entri baru atau minta fasilitator.',
    en: 'This entry belongs to another participant; you can only change your own. Create a new entry or ask the facilitator.',
  },
  'perm.other_workshop': {
    id: 'Data ini milik lokakarya lain. Bergabunglah dengan kode lokakarya tersebut bila Anda memang pesertanya.',
    en: "This belongs to another workshop. Join with that workshop's code if you take part in it.",
  },
  'perm.role': {
    id: 'Peran Anda tidak boleh mengubah bagian ini (misalnya penilaian hanya oleh fasilitator). Hubungi fasilitator.',
    en: 'Your role may not change this (reviews, for example, are for facilitators). Ask the facilitator.',
  },
  'perm.photo': {
    id: 'Foto ini tidak diunggah dari perangkat ini dan bukan milik lokakarya Anda. Lampirkan foto dari perangkat ini.',
    en: 'This photo was not uploaded from this device and is not part of your workshop. Attach a photo from this device.',
  },
  'perm.unknown_entry': {
    id: 'Entri yang dirujuk belum ada di server. Kirim entrinya lebih dulu; perubahan ini akan dicoba lagi.',
    en: 'The entry this refers to is not on the server yet. Send the entry first; this change will be retried.',
  },
} as const satisfies Record<string, { id: string; en: string }>;

export type MessageCode = keyof typeof MESSAGES;
export type Lang = 'id' | 'en';

export function isMessageCode(code: string): code is MessageCode {
  return Object.hasOwn(MESSAGES, code);
}

/** The text of `code` in `lang`, `{name}` placeholders filled from `vars`. */
export function messageFor(code: string, lang: Lang = 'id', vars?: Record<string, string | number>): string {
  let s: string = isMessageCode(code) ? MESSAGES[code][lang] : MESSAGES['field.invalid'][lang];
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

/** The JSON error body of every 4xx/5xx answer. */
export interface ApiErrorBody {
  code: string;
  message: string;
  messageEn: string;
  /** Field-level details for validation errors: path and code. */
  issues?: { path: string; code: string }[];
}

export function apiError(code: MessageCode, issues?: ApiErrorBody['issues']): ApiErrorBody {
  return { code, message: MESSAGES[code].id, messageEn: MESSAGES[code].en, ...(issues ? { issues } : {}) };
}
