/** The admin's sub-screens (issue 5), under /admin; the router maps paths to them. */
export type AdminView =
  'signin' | 'dashboard' | 'entries' | 'entry' | 'stagnant' | 'exports' | 'report' | 'workshops' | 'devices';
