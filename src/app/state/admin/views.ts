/** The admin's sub-screens, under /admin; the router maps paths to them. */
export type AdminView =
  | 'signin'
  | 'dashboard'
  | 'entries'
  | 'entry'
  | 'entryPrint'
  | 'stagnant'
  | 'stagnantPrint'
  | 'exports'
  | 'report'
  | 'workshops'
  | 'workshopPrint'
  | 'devices';
