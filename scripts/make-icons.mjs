// Draws the app icons (a rice barn, "lumbung", with a spark of an idea) from one SVG, rendered in
// Debian's Chromium: node scripts/make-icons.mjs. The PNGs are committed; rerun after a change.
import { writeFileSync, mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, findChromium } from '../tests/harness/chromium-path.mjs';

const GREEN = '#14532d';
const CREAM = '#fbf8f1';
const GOLD = '#f5b82e';

// The drawing lives in a 100×100 box. `inset` shrinks it for the maskable icon, whose safe zone
// is the central circle of 80 % diameter.
function svg({ size, rounded, inset }) {
  const s = (100 - 2 * inset) / 100;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 100 100">
  <rect width="100" height="100" rx="${rounded ? 18 : 0}" fill="${GREEN}"/>
  <g transform="translate(${inset} ${inset}) scale(${s})">
    <!-- saddle roof -->
    <path d="M10 46 Q22 40 30 20 Q50 27 70 20 Q78 40 90 46 Q50 40 10 46 Z" fill="${CREAM}"/>
    <!-- barn body -->
    <rect x="28" y="46" width="44" height="20" rx="2" fill="${CREAM}"/>
    <rect x="45" y="51" width="10" height="15" rx="1.5" fill="${GREEN}"/>
    <!-- stilts -->
    <rect x="31" y="66" width="5" height="16" fill="${CREAM}"/>
    <rect x="47.5" y="66" width="5" height="16" fill="${CREAM}"/>
    <rect x="64" y="66" width="5" height="16" fill="${CREAM}"/>
    <rect x="24" y="81" width="52" height="4" rx="2" fill="${CREAM}"/>
    <!-- the spark of an idea over the roof -->
    <circle cx="50" cy="13" r="5" fill="${GOLD}"/>
    <path d="M50 0.5v3.5 M41 8l3 2 M59 8l-3 2" stroke="${GOLD}" stroke-width="2.5" stroke-linecap="round"/>
  </g>
</svg>`;
}

const ICONS = [
  { file: 'icons/icon-192.png', size: 192, rounded: true, inset: 4 },
  { file: 'icons/icon-512.png', size: 512, rounded: true, inset: 4 },
  { file: 'icons/icon-maskable-512.png', size: 512, rounded: false, inset: 14 },
  { file: 'apple-touch-icon.png', size: 180, rounded: false, inset: 8 },
  { file: 'favicon-32.png', size: 32, rounded: true, inset: 2 },
];

// The tests' and benchmarks' Chromium and flags (tests/harness/chromium-path.mjs).
const browser = await chromium.launch({
  executablePath: findChromium() ?? '/usr/bin/chromium',
  args: CHROMIUM_FLAGS,
});
try {
  const page = await browser.newPage();
  mkdirSync(new URL('../public/icons/', import.meta.url), { recursive: true });
  for (const icon of ICONS) {
    await page.setViewportSize({ width: icon.size, height: icon.size });
    await page.setContent(`<style>html,body{margin:0;background:transparent}</style>${svg(icon)}`);
    const png = await page.locator('svg').screenshot({ omitBackground: true });
    writeFileSync(new URL(`../public/${icon.file}`, import.meta.url), png);
    console.log(`public/${icon.file} ${icon.size}px ${png.length} bytes`);
  }
  // The SVG favicon for browsers that take one (sharp at any size).
  writeFileSync(
    new URL('../public/favicon.svg', import.meta.url),
    svg({ size: 32, rounded: true, inset: 2 }),
  );
} finally {
  await browser.close();
}
