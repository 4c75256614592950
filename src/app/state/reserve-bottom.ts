/**
 * What sits at the bottom of the screen (the form's sticky "Simpan" bar, a toast, the update
 * card) reserves its height in a CSS variable on <html>, `--reserve-<name>`. The global styles
 * turn those into `scroll-padding-bottom` and stack the notices above the bar instead of over it.
 * Chromium honours scroll-padding only when a focused element is out of view, not when it is in
 * view but under the bar (a tall textarea, a field half under it), so while anything reserves
 * space a focusin listener scrolls the focused element clear too (WCAG 2.4.11).
 */
import type { Attachment } from 'svelte/attachments';

let holders = 0;

/** Scroll `el` so that no part of it is under what the bottom reserves (or, taller than the
 * free space, so that its top is at the top). Synchronous: the browser's own focus scroll that
 * follows then finds it in view and leaves it. */
function clearOfBottom(e: FocusEvent): void {
  const el = e.target;
  if (!(el instanceof HTMLElement) || el.closest('.form-footer, .toast, .pwa-card')) return;
  const style = getComputedStyle(document.documentElement);
  const bottomPad = parseFloat(style.scrollPaddingBottom) || 0;
  const topPad = parseFloat(style.scrollPaddingTop) || 0;
  const box = el.getBoundingClientRect();
  const limit = window.innerHeight - bottomPad;
  if (box.bottom > limit) window.scrollBy(0, Math.min(box.bottom - limit, box.top - topPad));
}

/** `gapRem`: the space between the element and what is below it (a notice's offset). */
export function reserveBottom(name: 'footer' | 'toast' | 'pwa', gapRem = 0): Attachment<HTMLElement> {
  return (node) => {
    const root = document.documentElement;
    const prop = `--reserve-${name}`;
    const set = () => {
      const gap = gapRem * (parseFloat(getComputedStyle(root).fontSize) || 16);
      root.style.setProperty(prop, `${Math.ceil(node.getBoundingClientRect().height + gap)}px`);
    };
    set();
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(set);
    observer?.observe(node);
    if (holders++ === 0) document.addEventListener('focusin', clearOfBottom);
    return () => {
      observer?.disconnect();
      root.style.removeProperty(prop);
      if (--holders === 0) document.removeEventListener('focusin', clearOfBottom);
    };
  };
}
