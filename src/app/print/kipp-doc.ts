/**
 * One entry as a KIPP proposal document (DOMAIN.md "SINOVIK / KIPP proposal"): the header
 * (judul, tanggal mulai implementasi, kelompok, for Replikasi the origin, kategori, SDGs, video)
 * and the sections in the template's order, each with its words counted against its limit.
 * Adaptabilitas is one section of two parts (sudah direplikasi? 100 words, potensi replikasi 200);
 * an entry written while adaptabilitas was one text holds it in the second part's field, so it
 * shows there. Pure: the print view and its tests read the same model.
 */
import { KIPP_SECTIONS } from '../../core/entry-fields.ts';
import { TPB, countWords } from '../../core/picklists.ts';
import type { FieldValue } from '../../core/record.ts';
import { isoToDmy } from '../../core/text.ts';

export interface KippPart {
  key: string;
  /** The part's own title (Adaptabilitas' parts), null for a one-part section. */
  title: string | null;
  text: string;
  words: number;
  maxWords: number;
  over: boolean;
}

export interface KippSection {
  title: string;
  parts: KippPart[];
}

export interface KippDoc {
  judul: string;
  opd: string;
  /** dd/mm/yyyy: waktu penerapan, else waktu uji coba (as the KIPP export). */
  tanggalMulai: string;
  kelompok: string;
  /** Shown for kelompok Replikasi, and whenever the entry holds one. */
  asalReplikasi: string | null;
  kategori: string;
  sdgs: string[];
  video: string;
  sections: KippSection[];
}

type Fields = Readonly<Record<string, FieldValue | undefined>>;

const str = (f: Fields, k: string) => (typeof f[k] === 'string' ? (f[k] as string) : '');

export function kippDocument(fields: Fields): KippDoc {
  const sections: KippSection[] = [];
  for (const s of KIPP_SECTIONS) {
    const text = str(fields, s.key);
    const words = countWords(text);
    const part = s.part ?? null;
    const p: KippPart = {
      key: s.key,
      title: part ? part.label : null,
      text,
      words,
      maxWords: s.maxWords,
      over: words > s.maxWords,
    };
    const last = sections.at(-1);
    if (part && last?.title === part.of) last.parts.push(p);
    else sections.push({ title: part ? part.of : s.label, parts: [p] });
  }
  const kelompok = str(fields, 'kippKelompok');
  const asal = str(fields, 'kippAsalReplikasi');
  const tanggal = str(fields, 'waktuPenerapan') || str(fields, 'waktuUjiCoba');
  const sdgs = Array.isArray(fields.sdgs) ? fields.sdgs : [];
  return {
    judul: str(fields, 'nama'),
    opd: str(fields, 'opd'),
    tanggalMulai: tanggal ? isoToDmy(tanggal) : '',
    kelompok,
    asalReplikasi: kelompok === 'Replikasi' || asal ? asal : null,
    kategori: str(fields, 'kippKategori'),
    sdgs: sdgs
      .filter((n): n is number => typeof n === 'number' && n >= 1 && n <= 17)
      .sort((a, b) => a - b)
      .map((n) => `${n}. ${TPB[n - 1]}`),
    video: str(fields, 'kippVideo'),
    sections,
  };
}
