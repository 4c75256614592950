/**
 * What a participant's phone downloads before the first screen works: every script, stylesheet
 * and module preload that the built index.html names (plus the static imports they pull in, and
 * any inline <script>/<style>), each gzipped at level 9. Lazy chunks (other screens, export code)
 * and the service worker are listed apart: they are not on the first screen's path.
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

/** URLs that index.html loads or preloads: script src, link rel=stylesheet|modulepreload. */
export function firstScreenUrls(html: string): { urls: string[]; inline: string[] } {
  const urls: string[] = [];
  for (const tag of html.match(/<script\b[^>]*>/gi) ?? []) {
    const src = /\bsrc\s*=\s*["']([^"']+)["']/i.exec(tag)?.[1];
    if (src) urls.push(src);
  }
  for (const tag of html.match(/<link\b[^>]*>/gi) ?? []) {
    const rel = /\brel\s*=\s*["']([^"']+)["']/i.exec(tag)?.[1]?.toLowerCase() ?? '';
    const href = /\bhref\s*=\s*["']([^"']+)["']/i.exec(tag)?.[1];
    if (href && rel.split(/\s+/).some((r) => r === 'stylesheet' || r === 'modulepreload')) urls.push(href);
  }
  const inline = [...html.matchAll(/<(script|style)\b([^>]*)>([\s\S]*?)<\/\1>/gi)]
    .filter((m) => !/\bsrc\s*=/.test(m[2] ?? '') && (m[3] ?? '').trim() !== '')
    .map((m) => m[3] ?? '');
  return { urls, inline };
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

function main(): void {
  const dist = builtApp();
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const { urls, inline } = firstScreenUrls(html);

  // Everything named by index.html, then what those modules import statically (Vite usually
  // lists these as modulepreload already; walking them catches any it did not).
  const first = new Map<string, number>();
  const queue = urls.map((u) => toFile(dist, null, u)).filter((f): f is string => f !== null);
  for (let guard = 0; queue.length > 0 && guard < 1000; guard++) {
    const file = queue.shift() as string;
    if (first.has(file)) continue;
    const buf = readFileSync(join(dist, file));
    first.set(file, gz(buf));
    if (/\.m?js$/.test(file)) {
      for (const imp of staticImports(buf.toString('utf8'))) {
        const f = toFile(dist, file, imp);
        if (f && !first.has(f)) queue.push(f);
      }
    }
  }
  const inlineGz = inline.length ? gz(inline.join('\n')) : 0;
  const firstTotal = [...first.values()].reduce((a, b) => a + b, 0) + inlineGz;

  const all = listFiles(dist).filter((f) => /\.(m?js|css)$/.test(f));
  const isWorker = (f: string) => /^(sw|workbox-[\w-]+)\.js$/.test(f) || f === 'registerSW.js';
  const lazy = all
    .filter((f) => !first.has(f) && !isWorker(f))
    .map((f) => ({ f, size: gz(readFileSync(join(dist, f))) }));
  const worker = all
    .filter((f) => !first.has(f) && isWorker(f))
    .map((f) => ({ f, size: gz(readFileSync(join(dist, f))) }));
  const htmlGz = gz(html);

  const kb = (n: number) => Math.round((n / KB) * 10) / 10;
  const firstTable: Table = {
    title: 'First screen: JS + CSS that index.html loads or preloads (gzip -9)',
    rows: [
      ...[...first.entries()].map(([f, size]) => ({ metric: f, value: kb(size), unit: 'KB', decimals: 1 })),
      ...(inlineGz
        ? [{ metric: 'inline <script>/<style> in index.html', value: kb(inlineGz), unit: 'KB', decimals: 1 }]
        : []),
      {
        metric: '**total first screen JS+CSS**',
        value: kb(firstTotal),
        unit: 'KB',
        decimals: 1,
        budget: { max: 60, text: '≤ 60 KB' },
        anchor: 'Enketo web form ~520 KB',
      },
      { metric: 'index.html itself (not in the total)', value: kb(htmlGz), unit: 'KB', decimals: 1 },
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
    lazy: Object.fromEntries(lazy.map((l) => [l.f, l.size])),
  });
}

main();
