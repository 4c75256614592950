/**
 * The admin screens' filters live in the URL (?ws=…&year=…&dim=opd&v=…), so a bar's link, the
 * back button and a reload all keep them. Parsing tolerates anything (a hand-typed URL).
 */
import { DIMENSIONS, type Dimension, type ListFilter } from './aggregate.ts';

export function parseListFilter(search: string): ListFilter {
  const p = new URLSearchParams(search);
  const year = Number(p.get('year') ?? 0);
  // ?opd=… (a short link to one OPD's innovations) is the same as ?dim=opd&v=….
  const opd = p.get('opd');
  if (opd !== null && !p.has('dim')) {
    p.set('dim', 'opd');
    p.set('v', opd);
  }
  const dim = p.get('dim');
  return {
    workshopId: (p.get('ws') ?? '').slice(0, 80),
    year: Number.isInteger(year) && year > 1900 && year < 3000 ? year : 0,
    dim:
      dim === 'month' || (DIMENSIONS as readonly string[]).includes(dim ?? '')
        ? (dim as Dimension | 'month')
        : null,
    value: (p.get('v') ?? '').slice(0, 300),
  };
}

export function listHref(base: string, f: Partial<ListFilter>): string {
  const p = new URLSearchParams();
  if (f.workshopId) p.set('ws', f.workshopId);
  if (f.year) p.set('year', String(f.year));
  if (f.dim) {
    p.set('dim', f.dim);
    p.set('v', f.value ?? '');
  }
  const s = p.toString();
  return s ? `${base}?${s}` : base;
}
