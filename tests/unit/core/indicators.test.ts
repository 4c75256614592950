/**
 * The IID indicators as data (issue 20, item 2, first part): the table matches DOMAIN.md, the
 * estimate is Σ bobot × level over the indicators claimed WITH evidence, and "siap diunggah ke
 * IID" needs the profile, the five mandatory indicators and the uploads.
 */
import { describe, expect, it } from 'vitest';
import {
  IID_INDICATORS,
  IID_MAX_SCORE,
  IID_UPLOADS,
  indicatorEstimate,
  indicatorPoints,
  mandatoryIndicatorsMissing,
  readyForIidUpload,
  type IndicatorClaim,
} from '$src/core/indicators.ts';
import { readiness } from '$src/core/readiness.ts';
import { GOLDEN_FIELDS, panjang } from '../server/golden/fixtures.ts';

/** DOMAIN.md's table, typed out independently: no. → bobot, and the five wajib. */
const DOMAIN_BOBOT = [3, 2, 2, 2, 1, 2, 1, 1, 1, 1, 1, 1, 2, 1, 2, 3, 2, 3, 2, 4];
const DOMAIN_WAJIB = ['regulasi', 'sdm', 'kecepatan', 'kemanfaatan', 'kualitas'];

const claim = (level: 1 | 2 | 3 | null, hasEvidence = true): IndicatorClaim => ({ level, hasEvidence });

describe('IID indicators', () => {
  it('are the 20 of DOMAIN.md, in order, with its weights: Σ bobot 37, at most 111', () => {
    expect(IID_INDICATORS.map((i) => i.no)).toEqual(DOMAIN_BOBOT.map((_, n) => n + 1));
    expect(IID_INDICATORS.map((i) => i.bobot)).toEqual(DOMAIN_BOBOT);
    expect(new Set(IID_INDICATORS.map((i) => i.key)).size).toBe(20);
    expect(IID_INDICATORS.reduce((n, i) => n + i.bobot, 0)).toBe(37);
    expect(IID_MAX_SCORE).toBe(111);
    expect(IID_INDICATORS.filter((i) => i.wajib).map((i) => i.key)).toEqual(DOMAIN_WAJIB);
    for (const i of IID_INDICATORS)
      expect(
        i.levels.every((l) => l.trim() !== ''),
        i.key,
      ).toBe(true);
    expect(IID_INDICATORS.find((i) => i.key === 'kualitas')!.evidenceKinds).toEqual(['video']);
  });

  it('one indicator scores bobot × level, and 0 without a level or without evidence', () => {
    const regulasi = IID_INDICATORS[0]!;
    expect(indicatorPoints(regulasi, claim(3))).toBe(9);
    expect(indicatorPoints(regulasi, claim(1))).toBe(3);
    expect(indicatorPoints(regulasi, claim(3, false))).toBe(0);
    expect(indicatorPoints(regulasi, claim(null))).toBe(0);
    expect(indicatorPoints(regulasi, undefined)).toBe(0);
  });

  it('the estimate sums the claims and writes the formula out', () => {
    const e = indicatorEstimate({
      regulasi: claim(3),
      sdm: claim(2),
      kualitas: claim(1),
      replikasi: claim(3, false),
      tidakAda: claim(3),
    });
    expect(e.score).toBe(3 * 3 + 2 * 2 + 4 * 1);
    expect(e.formula).toBe('3×3 + 2×2 + 4×1 = 17 dari 111');
    expect(indicatorEstimate({}).formula).toBe('0 = 0 dari 111');
    const all = Object.fromEntries(IID_INDICATORS.map((i) => [i.key, claim(3)]));
    expect(indicatorEstimate(all).score).toBe(111);
  });

  it('"siap diunggah ke IID" needs the profile, the five mandatory indicators with evidence, and the uploads', () => {
    const fields = { ...GOLDEN_FIELDS, rancangBangun: panjang(320) };
    expect(readiness(fields).iid.ready).toBe(true);
    const wajib = Object.fromEntries(DOMAIN_WAJIB.map((k) => [k, claim(1)]));
    const uploads = new Set<string>(IID_UPLOADS);
    expect(readyForIidUpload(fields, wajib, uploads)).toEqual({
      ready: true,
      profileMissing: 0,
      indicatorsMissing: [],
      uploadsMissing: [],
    });
    // The video without its evidence, one upload short, a profile field empty: each blocks.
    const noVideo = { ...wajib, kualitas: claim(3, false) };
    expect(mandatoryIndicatorsMissing(noVideo)).toEqual(['kualitas']);
    expect(readyForIidUpload(fields, noVideo, uploads).ready).toBe(false);
    expect(readyForIidUpload(fields, wajib, new Set(['anggaran', 'haki', 'penghargaan']))).toMatchObject({
      ready: false,
      uploadsMissing: ['profilBisnis'],
    });
    expect(readyForIidUpload({ ...fields, cpNama: '' }, wajib, uploads)).toMatchObject({
      ready: false,
      profileMissing: 1,
    });
  });
});
