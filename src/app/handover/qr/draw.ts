/**
 * Drawing one frame as a QR code on a canvas: black on white, a quiet zone of four modules,
 * whole pixels per module (a blurred edge costs a phone camera more than a smaller code). The
 * encoder is the project's qrcode-generator, in alphanumeric mode for base45 text, error
 * correction L (a screen is clean; size and speed matter more).
 */
const loadFactory = () => import('qrcode-generator').then((m) => m.default);
let factory: ReturnType<typeof loadFactory> | undefined;

export async function drawQr(canvas: HTMLCanvasElement, text: string, maxPixels = 720): Promise<void> {
  factory ??= loadFactory();
  const qr = (await factory)(0, 'L');
  qr.addData(text, 'Alphanumeric');
  qr.make();
  const n = qr.getModuleCount();
  const quiet = 4;
  const scale = Math.max(2, Math.floor(maxPixels / (n + quiet * 2)));
  const size = (n + quiet * 2) * scale;
  if (canvas.width !== size) [canvas.width, canvas.height] = [size, size];
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, size, size);
  ctx.fillStyle = '#000';
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++)
      if (qr.isDark(r, c)) ctx.fillRect((c + quiet) * scale, (r + quiet) * scale, scale, scale);
}
