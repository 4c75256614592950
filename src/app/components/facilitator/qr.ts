/**
 * A QR code as one SVG path (no innerHTML): the encoder, qrcode-generator (MIT, no
 * dependencies), is imported lazily so only the facilitator's chunk carries it.
 */
export async function qrPath(text: string): Promise<{ size: number; d: string }> {
  const { default: qrcode } = await import('qrcode-generator');
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Byte');
  qr.make();
  const n = qr.getModuleCount();
  const quiet = 4;
  let d = '';
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++) if (qr.isDark(r, c)) d += `M${c + quiet} ${r + quiet}h1v1h-1z`;
  return { size: n + quiet * 2, d };
}
