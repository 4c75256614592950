/**
 * Reading QR codes from the camera, for the receive screen only. BarcodeDetector where the
 * browser has it (Android Chrome, Safari 17+); elsewhere (desktop Chrome on Windows and Linux,
 * Firefox) jsQR, imported here and so only in this screen's chunk. jsQR over zxing-wasm (the
 * `barcode-detector` polyfill): pure JS, no dependencies, nothing fetched at run time (the
 * polyfill loads its ~1 MB WebAssembly from a CDN unless served and precached too), and the
 * service worker precaches it with the rest of the app, so scanning works offline.
 */
import { HandoverError } from '../format.ts';

type Detect = (video: HTMLVideoElement) => Promise<string[]>;

interface NativeDetector {
  detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>;
}
interface NativeDetectorClass {
  new (opts: { formats: string[] }): NativeDetector;
  getSupportedFormats(): Promise<string[]>;
}

async function nativeDetector(): Promise<Detect | null> {
  const Ctor = (globalThis as { BarcodeDetector?: NativeDetectorClass }).BarcodeDetector;
  if (!Ctor) return null;
  try {
    if (!(await Ctor.getSupportedFormats()).includes('qr_code')) return null;
    const d = new Ctor({ formats: ['qr_code'] });
    return async (video) => (await d.detect(video)).map((c) => c.rawValue);
  } catch {
    return null;
  }
}

/** Longest side the picture is scaled to before jsQR reads it: enough for a 57-module code that
 * fills a third of the view, and about 20 ms a picture on a laptop. */
const MAX_SIDE = 800;

async function jsqrDetector(): Promise<Detect> {
  const { default: jsQR } = await import('jsqr');
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  return async (video) => {
    const scale = Math.min(1, MAX_SIDE / Math.max(video.videoWidth, video.videoHeight));
    const w = Math.round(video.videoWidth * scale);
    const h = Math.round(video.videoHeight * scale);
    if (w === 0 || h === 0) return [];
    if (canvas.width !== w || canvas.height !== h) [canvas.width, canvas.height] = [w, h];
    ctx.drawImage(video, 0, 0, w, h);
    const code = jsQR(ctx.getImageData(0, 0, w, h).data, w, h, { inversionAttempts: 'dontInvert' });
    return code ? [code.data] : [];
  };
}

/**
 * Open the (back) camera into `video` and call `onText` with every QR code read, as fast as the
 * decoder goes. Returns the stop function (camera light off). Throws handover.camera_denied.
 */
export async function startScanning(
  video: HTMLVideoElement,
  onText: (text: string) => void,
): Promise<() => void> {
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      video: { facingMode: 'environment', width: { ideal: 1280 }, height: { ideal: 720 } },
      audio: false,
    });
  } catch (e) {
    throw new HandoverError('handover.camera_denied', (e as Error).name ?? '');
  }
  let running = true;
  const stop = () => {
    running = false;
    for (const track of stream.getTracks()) track.stop();
    video.srcObject = null;
  };
  try {
    video.srcObject = stream;
    video.muted = true;
    await video.play();
    const detect = (await nativeDetector()) ?? (await jsqrDetector());
    void (async () => {
      while (running) {
        if (video.readyState >= 2) {
          try {
            for (const text of await detect(video)) if (running) onText(text);
          } catch {
            // One unreadable picture is not an error: the next one is read.
          }
        }
        await new Promise((r) => setTimeout(r, 15));
      }
    })();
  } catch (e) {
    stop();
    throw e;
  }
  return stop;
}
