/**
 * On-device photo resizing: the longest side at most 1600 px, JPEG at quality 0.8 (about
 * 200–400 KB for a phone photo), so a hall of phones does not fill its storage or the upload link.
 * The decoder is injectable because jsdom has neither createImageBitmap nor a canvas; the real
 * path runs in Chromium (e2e).
 */
export const MAX_SIDE = 1600;
export const MAX_INPUT_BYTES = 30 * 1024 * 1024;
export const OUTPUT_TYPE = 'image/jpeg';
export const OUTPUT_QUALITY = 0.8;

export interface ResizedImage {
  blob: Blob;
  width: number;
  height: number;
}

/** Decode `file` and re-encode it with its longest side ≤ maxSide. Throws when it cannot decode. */
export type ImageResizer = (file: Blob, maxSide: number) => Promise<ResizedImage>;

export function fitWithin(width: number, height: number, maxSide: number): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** The browser's resizer: createImageBitmap + OffscreenCanvas (or a DOM canvas on older Safari). */
export const browserResizer: ImageResizer = async (file, maxSide) => {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  try {
    const { width, height } = fitWithin(bitmap.width, bitmap.height, maxSide);
    if (typeof OffscreenCanvas !== 'undefined') {
      const canvas = new OffscreenCanvas(width, height);
      const ctx = canvas.getContext('2d');
      if (!ctx) throw new Error('no 2d context');
      ctx.drawImage(bitmap, 0, 0, width, height);
      const blob = await canvas.convertToBlob({ type: OUTPUT_TYPE, quality: OUTPUT_QUALITY });
      return { blob, width, height };
    }
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2d context');
    ctx.drawImage(bitmap, 0, 0, width, height);
    const blob = await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (b) => (b ? resolve(b) : reject(new Error('encode failed'))),
        OUTPUT_TYPE,
        OUTPUT_QUALITY,
      ),
    );
    return { blob, width, height };
  } finally {
    bitmap.close();
  }
};

let current: ImageResizer = browserResizer;

/** Tests replace the decoder; the app never calls this. */
export function setImageResizer(r: ImageResizer | null): void {
  current = r ?? browserResizer;
}

export function imageResizer(): ImageResizer {
  return current;
}
