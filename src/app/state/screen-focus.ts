/**
 * Focus and title follow the screen (WCAG 2.4.3 focus order, 2.4.2 page titled): one mechanism
 * for every screen. A screen's heading carries `{@attach screenHeading(() => title)}`: when it
 * appears after a navigation (not at page load, where the browser's own start is right) it
 * takes focus, so a keyboard or screen-reader user starts at the new screen and hears its name;
 * and the document title names the screen. A step inside a screen that replaces what had focus
 * (a delete, "Urungkan", the kiosk's next person, a saved review) calls `focusScreen()`.
 */
import { untrack } from 'svelte';
import type { Attachment } from 'svelte/attachments';
import { t } from '../i18n/i18n.svelte.ts';
import { router } from './router.svelte.ts';

/** Focus `el` (a heading or an error message) without making it a tab stop. */
export function focusElement(el: Element | null | undefined): void {
  if (!(el instanceof HTMLElement)) return;
  if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
  el.focus();
}

/** The current screen's heading takes focus (after an in-screen step). The last h1 in <main>
 * is the innermost screen's (the kiosk holds the entry form, each with its heading). */
export function focusScreen(): void {
  const inMain = document.querySelectorAll('main h1');
  const headings = inMain.length ? inMain : document.querySelectorAll('h1');
  focusElement(headings[headings.length - 1]);
}

/** Headings that already took focus: the attachment re-runs when the title changes (language,
 * a workshop name read later), which must not pull focus back from where the person went. */
const focused = new WeakSet<HTMLElement>();

/** Attach to a screen's h1; `title` names the screen in the document title (default: the h1). */
export function screenHeading(title?: () => string): Attachment<HTMLElement> {
  return (node) => {
    const name = title ? title() : (node.textContent ?? '').trim();
    document.title = name ? `${name} — ${t('app.name')}` : t('app.name');
    if (focused.has(node)) return;
    focused.add(node);
    // visit 1 is the page load itself (router.start); later visits are navigations.
    if (untrack(() => router.visit) > 1) focusElement(node);
  };
}
