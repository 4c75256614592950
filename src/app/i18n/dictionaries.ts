/**
 * The shell's words: the areas the first screen ("Entri saya", the header, the sync chip, the
 * update prompt) needs before anything else loads. Every other area comes with its own lazy
 * chunk and hands itself to `useStrings` (all-areas.ts lists them all).
 */
import adminNav from './admin-nav.ts';
import common from './common.ts';
import list from './list.ts';
import pwa from './pwa.ts';
import shell from './shell.ts';
import sync from './sync.ts';
import workshopNav from './workshopNav.ts';

export const DICTIONARIES = {
  common,
  pwa,
  sync,
  shell,
  list,
  workshopNav,
  adminNav,
} as const;
