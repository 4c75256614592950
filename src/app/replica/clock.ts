/**
 * The device's clock state: its hybrid logical clock (the last stamp it issued or saw, so the
 * next local edit sorts after everything it holds) and its offset from server time (learned at
 * every sync, so stamps use corrected time even on a phone whose clock is a year off). Reads and
 * writes join the caller's transaction when there is one: the clock moves in the same commit as
 * the records it stamped or received.
 */
import { HLC_ZERO, type HlcState } from '../../core/hlc.ts';
import type { LumbungDb } from '../db/db.ts';
import { META_KEYS } from './keys.ts';

export async function readClock(d: LumbungDb): Promise<HlcState> {
  return ((await d.meta.get(META_KEYS.hlc))?.value as HlcState | undefined) ?? HLC_ZERO;
}

export async function saveClock(d: LumbungDb, state: HlcState): Promise<void> {
  await d.meta.put({ key: META_KEYS.hlc, value: { ...state } });
}

/** Server time minus local time, as learned at the last sync (0 before any). */
export async function getClockOffset(d: LumbungDb): Promise<number> {
  const v = (await d.meta.get(META_KEYS.clockOffset))?.value;
  return typeof v === 'number' ? v : 0;
}

/** Whether an offset was ever learned (a first sample replaces 0 instead of being smoothed). */
export async function hasClockOffset(d: LumbungDb): Promise<boolean> {
  return (await d.meta.get(META_KEYS.clockOffset))?.value !== undefined;
}

export async function setClockOffset(d: LumbungDb, offset: number): Promise<void> {
  await d.meta.put({ key: META_KEYS.clockOffset, value: Math.round(offset) });
}
