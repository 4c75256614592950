/**
 * Every area of words, the shell's and the lazy chunks': what the key type (keys.ts, types only)
 * and the tests read. The app itself never imports this file: it would put every screen's words
 * on the first screen.
 */
import { ADMIN_DICT } from './admin.ts';
import { DICTIONARIES } from './dictionaries.ts';
import facilitator from './facilitator.ts';
import form from './form.ts';
import handover from './handover.ts';
import indicators from './indicators.ts';
import join from './join.ts';
import print from './print.ts';
import qr from './qr.ts';
import settings from './settings.ts';

export const ALL_AREAS = {
  ...DICTIONARIES,
  form,
  settings,
  handover,
  join,
  facilitator,
  print,
  qr,
  indicators,
  admin: ADMIN_DICT,
} as const;
