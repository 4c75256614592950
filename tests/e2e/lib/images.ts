/**
 * Real image files made in the page's own canvas (a JPEG the browser can decode, unlike a fake
 * byte string), and the odd files of the bad-input tests.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

export interface FilePayload {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

export async function makeJpeg(
  page: Page,
  name: string,
  label: string,
  w = 1200,
  h = 900,
): Promise<FilePayload> {
  const base64 = await page.evaluate(
    async ({ label, w, h }) => {
      const canvas = new OffscreenCanvas(w, h);
      const g = canvas.getContext('2d')!;
      const grad = g.createLinearGradient(0, 0, w, h);
      grad.addColorStop(0, '#14532d');
      grad.addColorStop(1, '#f5b82e');
      g.fillStyle = grad;
      g.fillRect(0, 0, w, h);
      g.fillStyle = '#fff';
      g.font = `bold ${Math.round(h / 6)}px sans-serif`;
      g.fillText(label, w / 10, h / 2);
      const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 });
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let s = '';
      for (let i = 0; i < bytes.length; i += 0x8000)
        s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(s);
    },
    { label, w, h },
  );
  return { name, mimeType: 'image/jpeg', buffer: Buffer.from(base64, 'base64') };
}

/** A file that claims to be a JPEG and is 40 MB: the app must refuse it before reading it all.
 * Written to disk and handed over by path (Playwright sends a buffer that big very slowly). */
export function hugeJpeg(dir: string): string {
  const buffer = Buffer.alloc(40 * 1024 * 1024, 0x41);
  // A JPEG start-of-image marker, so only the size can be the reason for refusing it.
  buffer[0] = 0xff;
  buffer[1] = 0xd8;
  buffer[2] = 0xff;
  const path = join(dir, 'foto-besar.jpg');
  writeFileSync(path, buffer);
  return path;
}

export function notAnImage(): FilePayload {
  return {
    name: 'catatan.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n% not a photo\n'),
  };
}
