/**
 * A participant's phone on a bad link (issue 23): one device with 5 entries and 12 photos
 * (~300 KB each, incompressible) syncing to the real server from Chromium, with DevTools network
 * emulation at slow 3G (400 kbit/s, 400 ms RTT) and at a hotspot (1.6 Mbit/s, 150 ms). Per run:
 * time until all text is at the server (no entry left in the outbox), until all photos are, bytes
 * sent (counted by a TCP proxy in front of the server); and the same with the link cut for 10 s
 * in the middle of the photos (the proxy destroys every connection and drops new ones: bytes
 * re-sent beside the uncut run). Each version runs on a fresh server and browser profile.
 *
 * Old beside new in the same run: the same page is also built against a baseline's src/ (git
 * archive of BENCH_BASELINE, default the main before issue 23; "none" skips it), so the gain is
 * a ratio on the same machine at the same time. BENCH_SLOW_PROFILES=slow3g,hotspot picks
 * profiles; BENCH_PHOTO_KB the photo size.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { SlowResult } from './browser/slow-link.ts';
import { benchPageHtml, bundleBenchPages } from './lib/bundle.ts';
import { launchProfile } from '../tests/harness/chromium.ts';
import { ROOT, tempDir } from './lib/paths.ts';
import { report, type Row, type Table } from './lib/report.ts';
import { startServer } from './lib/server.ts';
import { startCutProxy } from './lib/cut-proxy.ts';
import { createWorkshop } from '../tests/harness/workshop.ts';

const ENTRIES = 5;
const PHOTOS = 12;
const PHOTO_BYTES = Number(process.env.BENCH_PHOTO_KB ?? 300) * 1024;
const CUT_MS = 10_000;
const BASELINE = process.env.BENCH_BASELINE ?? '0c7cc58';
/**
 * Modules the page imports that the device's replica (src/app/replica/) took over after the
 * baseline: where they were in 0c7cc58 (same functions, same signatures). Another baseline may
 * need another list.
 */
const BASELINE_MOVED: Record<string, string> = {
  'app/replica/device.ts': 'app/db/records.ts',
  'app/replica/local-write.ts': 'app/db/records.ts',
  'app/replica/sync-state.ts': 'app/db/syncstate.ts',
};

interface Profile {
  name: string;
  /** Bytes per second, each way. */
  throughput: number;
  latency: number;
  /** When the cut starts, after the first photo request began: inside the photos either way. */
  cutAfterMs: number;
}
const PROFILES: Profile[] = [
  { name: 'slow3g', throughput: 50_000, latency: 400, cutAfterMs: 15_000 },
  { name: 'hotspot', throughput: 200_000, latency: 150, cutAfterMs: 4_000 },
].filter((p) => (process.env.BENCH_SLOW_PROFILES ?? 'slow3g,hotspot').split(',').includes(p.name));

async function openPage(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(900_000);
  await page.goto(url);
  await page.waitForFunction(() => window.__slow?.ready === true, null, { timeout: 30_000 });
  return page;
}

interface Trip extends SlowResult {
  /** Bytes that reached the server's door from the browser (headers and bodies). */
  wireBytes: number;
}

/** One device's whole trip on a fresh server and profile, through a proxy that can cut it. */
async function trip(pagesDir: string, profile: Profile, cut: boolean): Promise<Trip> {
  const server = await startServer(pagesDir);
  const proxy = await startCutProxy(server.port);
  try {
    const codes = createWorkshop(server.dataDir, 'Lokakarya Bench Sync', process.env.DATABASE_URL ?? '');
    const context = await launchProfile(tempDir('profile'));
    try {
      const page = await openPage(context, `${proxy.url}/`);
      const joined = await page.evaluate((c) => window.__slow!.join(c, 'Peserta Lambat'), codes.participant);
      await page.evaluate(([n, p, b, as]) => window.__slow!.seed(n, p, b, as), [
        ENTRIES,
        PHOTOS,
        PHOTO_BYTES,
        joined,
      ] as const);
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      const conditions = (offline: boolean) =>
        cdp.send('Network.emulateNetworkConditions', {
          offline,
          latency: profile.latency,
          downloadThroughput: profile.throughput,
          uploadThroughput: profile.throughput,
        });
      await conditions(false);
      const before = proxy.upBytes;
      let cutDone: Promise<void> = Promise.resolve();
      if (cut) {
        let armed = false;
        page.on('request', (req) => {
          if (armed || req.method() !== 'PUT' || !req.url().includes('/api/v1/blobs/')) return;
          armed = true;
          cutDone = (async () => {
            await new Promise((r) => setTimeout(r, profile.cutAfterMs));
            proxy.cut();
            await new Promise((r) => setTimeout(r, CUT_MS));
            proxy.restore();
          })();
        });
      }
      const r = await page.evaluate(() => window.__slow!.sync());
      await cutDone;
      return { ...r, wireBytes: proxy.upBytes - before };
    } finally {
      await context.close();
    }
  } finally {
    await proxy.close();
    await server.stop();
  }
}

async function pages(srcDir?: string): Promise<string> {
  const dir = await bundleBenchPages(['slow-link'], tempDir('pages'), srcDir, srcDir ? BASELINE_MOVED : {});
  writeFileSync(join(dir, 'index.html'), benchPageHtml('/slow-link.js'));
  return dir;
}

/** The baseline's src/ in a temporary folder (git archive), or null when asked for none. */
function baselineSrc(): string | null {
  if (BASELINE === 'none') return null;
  const dir = tempDir('baseline');
  execFileSync('sh', ['-c', `git -C "${ROOT}" archive ${BASELINE} src | tar -x -C "${dir}"`]);
  return join(dir, 'src');
}

const kb = (b: number) => Math.round(b / 1024);
const s = (ms: number | null) => (ms === null ? null : ms / 1000);

async function main() {
  const versions: { name: string; dir: string }[] = [{ name: 'new', dir: await pages() }];
  const old = baselineSrc();
  if (old) versions.unshift({ name: `old (${BASELINE})`, dir: await pages(old) });
  const tables: Table[] = [];
  const raw: Record<string, unknown> = {};
  for (const profile of PROFILES) {
    const rows: Row[] = [];
    for (const v of versions) {
      console.log(`(slow-link: ${profile.name}, ${v.name}, uncut)`);
      const plain = await trip(v.dir, profile, false);
      console.log(`(slow-link: ${profile.name}, ${v.name}, 10 s cut)`);
      const cut = await trip(v.dir, profile, true);
      raw[`${profile.name}/${v.name}`] = { plain, cut };
      const ok = plain.ok && cut.ok ? '' : ' (NOT ALL SENT)';
      rows.push(
        { metric: `${v.name}: all text at the server${ok}`, value: s(plain.textMs), unit: 's' },
        { metric: `${v.name}: all photos at the server`, value: s(plain.photosMs), unit: 's' },
        { metric: `${v.name}: bytes sent (at the server's door)`, value: kb(plain.wireBytes), unit: 'KB' },
        { metric: `${v.name}, 10 s cut: all text at the server`, value: s(cut.textMs), unit: 's' },
        { metric: `${v.name}, 10 s cut: all photos at the server`, value: s(cut.photosMs), unit: 's' },
        {
          metric: `${v.name}, 10 s cut: bytes re-sent (beside uncut)`,
          value: kb(cut.wireBytes - plain.wireBytes),
          unit: 'KB',
        },
        { metric: `${v.name}, 10 s cut: failed rounds`, value: String(cut.failedRounds) },
      );
    }
    tables.push({
      title: `slow-link ${profile.name} (${(profile.throughput * 8) / 1000} kbit/s, ${profile.latency} ms): ${ENTRIES} entries, ${PHOTOS} photos of ${kb(PHOTO_BYTES)} KB`,
      rows,
      notes: [
        'Budget (DESIGN.md): all text at the server before the first photo finishes; a cut link re-sends at most one chunk.',
        `A failed round is tried again after 1 s in both versions; the cut starts ${profile.cutAfterMs / 1000} s after the first photo request.`,
      ],
    });
  }
  report('slow-link', tables, { raw });
}

await main();
