/**
 * A small History-API router: real paths (/entries/<id>), so deep links and reloads work (the
 * service worker answers every navigation with index.html). Same-origin <a> clicks are handled
 * here; the browser's back/forward arrive as popstate.
 */
import { untrack } from 'svelte';
import { ID_CHARS } from '../../core/ids.ts';
import type { AdminView } from './admin/views.ts';

export type Route =
  | { name: 'entries' }
  | { name: 'new'; draftId: string | null }
  | { name: 'edit'; id: string; back: string }
  | { name: 'settings' }
  | { name: 'join'; code: string | null }
  | { name: 'facilitator'; view: FacilitatorView; id: string | null }
  | { name: 'kiosk' }
  | { name: 'admin'; view: AdminView; id: string | null; search: string }
  | { name: 'notFound' };

/** The facilitator's sub-screens, under /fasilitator. */
export type FacilitatorView = 'room' | 'review' | 'print' | 'progress' | 'code' | 'handover';
const FACILITATOR_PATHS: Record<string, FacilitatorView> = {
  '/fasilitator': 'room',
  '/fasilitator/kemajuan': 'progress',
  '/fasilitator/kode': 'code',
  '/fasilitator/serah-terima': 'handover',
};

const ADMIN_PATHS: Record<string, AdminView> = {
  '/admin': 'dashboard',
  '/admin/masuk': 'signin',
  '/admin/entri': 'entries',
  '/admin/stagnan': 'stagnant',
  '/admin/ekspor': 'exports',
  '/admin/laporan': 'report',
  '/admin/lokakarya': 'workshops',
  '/admin/perangkat': 'devices',
};

/** A path `<before><id><after>` with the id captured (at most 80 characters, as ids are). */
function idPath(before: string, after = ''): RegExp {
  return new RegExp(`^${before}(${ID_CHARS}{1,80})${after}$`);
}

export function matchRoute(pathname: string, search = ''): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/' || path === '/entries') return { name: 'entries' };
  if (path === '/entries/new') {
    const m = /[?&]draft=([A-Za-z0-9_.:%-]{1,120})/.exec(search);
    return { name: 'new', draftId: m ? decodeURIComponent(m[1]!) : null };
  }
  if (path === '/settings') return { name: 'settings' };
  // /join/<code>: the link and QR code a facilitator shares.
  const j = /^\/join(?:\/([A-Za-z0-9_-]{1,80}))?$/.exec(path);
  if (j) return { name: 'join', code: j[1] ?? null };
  const fv = FACILITATOR_PATHS[path];
  if (fv) return { name: 'facilitator', view: fv, id: null };
  const fe = idPath('/fasilitator/entri/').exec(path);
  if (fe) return { name: 'facilitator', view: 'review', id: fe[1]! };
  // Print views: the KIPP proposal of one entry, the report of one workshop.
  const fp = idPath('/fasilitator/entri/', '/cetak').exec(path);
  if (fp) return { name: 'facilitator', view: 'print', id: fp[1]! };
  if (path === '/kiosk') return { name: 'kiosk' };
  // The central office, under /admin; its screens read the query (filters) themselves.
  const av = ADMIN_PATHS[path];
  if (av) return { name: 'admin', view: av, id: null, search };
  if (path === '/admin/stagnan/cetak') return { name: 'admin', view: 'stagnantPrint', id: null, search };
  const ae = idPath('/admin/entri/').exec(path);
  if (ae) return { name: 'admin', view: 'entry', id: ae[1]!, search };
  const ap = idPath('/admin/entri/', '/cetak').exec(path);
  if (ap) return { name: 'admin', view: 'entryPrint', id: ap[1]!, search };
  const wp = idPath('/admin/lokakarya/', '/cetak').exec(path);
  if (wp) return { name: 'admin', view: 'workshopPrint', id: wp[1]!, search };
  const m = idPath('/entries/').exec(path);
  // Where "Simpan" returns: a facilitator who came from the room goes back to that entry there.
  // Only these two places, never a path taken from the link (no open redirect).
  if (m) {
    const fromRoom = /[?&]dari=fasilitator(?:&|$)/.test(search);
    return { name: 'edit', id: m[1]!, back: fromRoom ? `/fasilitator/entri/${m[1]!}` : '/entries' };
  }
  return { name: 'notFound' };
}

class Router {
  #path = $state(typeof location !== 'undefined' ? location.pathname : '/');
  #search = $state(typeof location !== 'undefined' ? location.search : '');
  /** Bumped on every navigation, so a screen re-opened at the same path starts afresh. */
  #visit = $state(0);

  get path(): string {
    return this.#path;
  }
  get visit(): number {
    return this.#visit;
  }
  get route(): Route {
    return matchRoute(this.#path, this.#search);
  }

  navigate = (to: string, opts: { replace?: boolean } = {}): void => {
    const url = new URL(to, location.href);
    if (opts.replace) history.replaceState(null, '', url);
    else history.pushState(null, '', url);
    this.#sync();
    window.scrollTo?.(0, 0);
  };

  /**
   * Names where the open screen stands without opening it again (no new visit, no history entry):
   * a new entry's form puts its draft in the URL, so a reload reopens that draft.
   */
  record = (to: string): void => {
    history.replaceState(null, '', new URL(to, location.href));
    this.#path = location.pathname;
    this.#search = location.search;
  };

  #sync(): void {
    this.#path = location.pathname;
    this.#search = location.search;
    this.#visit++;
  }

  /** Listen to back/forward and intercept same-origin link clicks. Returns the cleanup. */
  start(): () => void {
    const onPop = () => this.#sync();
    const onClick = (e: MouseEvent) => {
      if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      const a = (e.target as Element | null)?.closest?.('a');
      if (!a || a.target || a.hasAttribute('download') || a.origin !== location.origin) return;
      // In-page anchors (the skip link) stay with the browser.
      if (a.hash && a.pathname === location.pathname && a.search === location.search) return;
      e.preventDefault();
      this.navigate(a.pathname + a.search);
    };
    // untrack: start() runs inside an $effect; reading #visit there (visit++) would make the
    // effect depend on what it writes and loop (effect_update_depth_exceeded in the browser).
    untrack(() => this.#sync());
    window.addEventListener('popstate', onPop);
    document.addEventListener('click', onClick);
    return () => {
      window.removeEventListener('popstate', onPop);
      document.removeEventListener('click', onClick);
    };
  }
}

export const router = new Router();
