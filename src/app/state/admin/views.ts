/** The admin's sub-screens (issue 5), under /admin; the router maps paths to them. */
export type AdminView =
  | 'signin'
  | 'dashboard'
  | 'entries'
  | 'entry'
  | 'entryPrint'
  | 'stagnant'
  | 'exports'
  | 'report'
  | 'workshops'
  | 'workshopPrint'
  | 'devices';
