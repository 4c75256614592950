/**
 * What a participant's phone downloads on a first visit, gzipped at level 9:
 * - the shell: index.html's scripts and stylesheets, the static imports they pull in, and any
 *   inline <script>/<style> (the app's stylesheet is inlined): what must arrive before the app
 *   runs (the budget);
 * - the list's data: chunks index.html preloads that the shell does not import (Dexie and what
 *   "Entri saya" reads), downloading beside the shell: what must arrive before the list shows.
 * Lazy chunks (other screens, export code) and the service worker are listed apart.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { builtApp } from './lib/build.ts';
import { report, type Table } from './lib/report.ts';

const KB = 1024;

function gz(buf: Buffer | string): number {
  return gzipSync(buf, { level: 9 }).length;
}

/** What index.html names: scripts and stylesheets (run), module preloads (fetched), inline code. */
export function firstScreenUrls(html: string): { urls: string[]; preloads: string[]; inline: string[] } {
  const urls: string[] = [];
  const preloads: string[] = [];
  for (const tag of html.match(/<script\b[^>]*>/gi) ?? []) {
    const src = /\bsrc\s*=\s*["']([^"']+)["']/i.exec(tag)?.[1];
    if (src) urls.push(src);
  }
  for (const tag of html.match(/<link\b[^>]*>/gi) ?? []) {
    const rel = /\brel\s*=\s*["']([^"']+)["']/i.exec(tag)?.[1]?.toLowerCase().split(/\s+/) ?? [];
    const href = /\bhref\s*=\s*["']([^"']+)["']/i.exec(tag)?.[1];
    if (!href) continue;
    if (rel.includes('stylesheet')) urls.push(href);
    else if (rel.includes('modulepreload')) preloads.push(href);
  }
  const inline = [...html.matchAll(/<(script|style)\b([^>]*)>([\s\S]*?)<\/\1>/gi)]
    .filter((m) => !/\bsrc\s*=/.test(m[2] ?? '') && (m[3] ?? '').trim() !== '')
    .map((m) => m[3] ?? '');
  return { urls, preloads, inline };
}

/** Static imports of a built ES module (`import … from "./x.js"`, `import "./x.js"`), not import(). */
function staticImports(code: string): string[] {
  const found: string[] = [];
  for (const m of code.matchAll(
    /(?:^|[;}\s])(?:import|export)\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+\.(?:js|mjs|css))["']/g,
  )) {
    if (m[1]) found.push(m[1]);
  }
  return found;
}

function toFile(dist: string, fromFile: string | null, url: string): string | null {
  if (/^(?:[a-z]+:)?\/\//i.test(url) || url.startsWith('data:')) return null;
  const clean = url.split(/[?#]/)[0] ?? '';
  const rel = clean.startsWith('/')
    ? clean.slice(1)
    : posix.join(fromFile ? posix.dirname(fromFile) : '', clean);
  return posix.normalize(rel);
}

function listFiles(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory()
      ? listFiles(full, base)
      : [relative(base, full).split('\\').join('/')];
  });
}

/** Gzipped sizes of `roots` and every module they import statically, skipping `known`. */
function closure(dist: string, roots: string[], known: ReadonlyMap<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  const queue = roots.map((u) => toFile(dist, null, u)).filter((f): f is string => f !== null);
  for (let guard = 0; queue.length > 0 && guard < 1000; guard++) {
    const file = queue.shift() as string;
    if (out.has(file) || known.has(file)) continue;
    const buf = readFileSync(join(dist, file));
    out.set(file, gz(buf));
    if (/\.m?js$/.test(file)) {
      for (const imp of staticImports(buf.toString('utf8'))) {
        const f = toFile(dist, file, imp);
        if (f && !out.has(f) && !known.has(f)) queue.push(f);
      }
    }
  }
  return out;
}

function main(): void {
  const dist = builtApp();
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const { urls, preloads, inline } = firstScreenUrls(html);

  // The shell: what index.html runs, and what those modules import statically (Vite lists these
  // as modulepreload too; walking them catches any it did not). Then the preloads left over.
  const first = closure(dist, urls, new Map());
  const listData = closure(dist, preloads, first);
  const inlineGz = inline.length ? gz(inline.join('\n')) : 0;
  const firstTotal = [...first.values()].reduce((a, b) => a + b, 0) + inlineGz;
  const listTotal = [...listData.values()].reduce((a, b) => a + b, 0);

  const all = listFiles(dist).filter((f) => /\.(m?js|css)$/.test(f));
  const isWorker = (f: string) => /^(sw|workbox-[\w-]+)\.js$/.test(f) || f === 'registerSW.js';
  const lazy = all
    .filter((f) => !first.has(f) && !listData.has(f) && !isWorker(f))
    .map((f) => ({ f, size: gz(readFileSync(join(dist, f))) }));
  const worker = all
    .filter((f) => !first.has(f) && !listData.has(f) && isWorker(f))
    .map((f) => ({ f, size: gz(readFileSync(join(dist, f))) }));
  const htmlGz = gz(html);

  const kb = (n: number) => Math.round((n / KB) * 10) / 10;
  const firstTable: Table = {
    title: 'First screen: JS + CSS the shell runs, then what the list needs (gzip -9)',
    rows: [
      ...[...first.entries()].map(([f, size]) => ({ metric: f, value: kb(size), unit: 'KB', decimals: 1 })),
      ...(inlineGz
        ? [{ metric: 'inline <script>/<style> in index.html', value: kb(inlineGz), unit: 'KB', decimals: 1 }]
        : []),
      {
        metric: '**total first screen JS+CSS (the shell)**',
        value: kb(firstTotal),
        unit: 'KB',
        decimals: 1,
        budget: { max: 60, text: '≤ 60 KB' },
        anchor: 'Enketo web form ~520 KB',
      },
      ...[...listData.entries()].map(([f, size]) => ({
        metric: `${f} (preloaded beside the shell)`,
        value: kb(size),
        unit: 'KB',
        decimals: 1,
      })),
      {
        metric: '**with the list data (Dexie, "Entri saya")**',
        value: kb(firstTotal + listTotal),
        unit: 'KB',
        decimals: 1,
      },
      { metric: 'index.html itself (not in the totals)', value: kb(htmlGz), unit: 'KB', decimals: 1 },
    ],
  };
  const lazyTable: Table = {
    title: 'Lazy chunks and the service worker (not on the first screen)',
    rows: [
      ...lazy
        .sort((a, b) => b.size - a.size)
        .map(({ f, size }) => ({ metric: f, value: kb(size), unit: 'KB', decimals: 1 })),
      { metric: 'total lazy', value: kb(lazy.reduce((a, b) => a + b.size, 0)), unit: 'KB', decimals: 1 },
      ...worker.map(({ f, size }) => ({
        metric: `${f} (service worker)`,
        value: kb(size),
        unit: 'KB',
        decimals: 1,
      })),
    ],
  };
  report('bundle-size', [firstTable, lazyTable], {
    firstScreenBytesGzip: firstTotal,
    firstScreen: Object.fromEntries(first),
    listDataBytesGzip: listTotal,
    listData: Object.fromEntries(listData),
    lazy: Object.fromEntries(lazy.map((l) => [l.f, l.size])),
  });
}

main();
