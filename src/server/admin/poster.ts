/**
 * A printable join poster: an A4-proportioned SVG (210 × 297 user units = mm) with the workshop
 * name, the QR code of the join link, the code in large letters and the link as text, for a
 * room where not every phone scans QR codes. The QR is drawn from qrcode-generator's module
 * matrix as one path, so the poster is a single self-contained file that prints sharp.
 */
import qrcode from 'qrcode-generator';

export interface PosterInput {
  workshopName: string;
  role: 'participant' | 'facilitator';
  code: string;
  link: string;
}

const ROLE_LABEL = { participant: 'Kode peserta', facilitator: 'Kode fasilitator' } as const;

export function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** The QR modules as one path in a `size`-unit square at (x, y). */
function qrPath(text: string, x: number, y: number, size: number): string {
  const qr = qrcode(0, 'M');
  qr.addData(text, 'Byte');
  qr.make();
  const n = qr.getModuleCount();
  const cell = size / n;
  let d = '';
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++)
      if (qr.isDark(r, c))
        d += `M${(x + c * cell).toFixed(3)} ${(y + r * cell).toFixed(3)}h${cell.toFixed(3)}v${cell.toFixed(3)}h-${cell.toFixed(3)}z`;
  return `<path d="${d}" fill="#000"/>`;
}

/** Long workshop names wrap onto at most three lines of ~28 characters. */
function titleLines(name: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of name.split(/\s+/).filter(Boolean)) {
    if (line && (line + ' ' + word).length > 28) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.length > 3 ? [...lines.slice(0, 2), `${lines.slice(2).join(' ').slice(0, 26)}…`] : lines;
}

export function posterSvg(p: PosterInput): string {
  const title = titleLines(p.workshopName)
    .map(
      (l, i) =>
        `<text x="105" y="${30 + i * 11}" font-size="9" font-weight="700" text-anchor="middle">${escapeXml(l)}</text>`,
    )
    .join('');
  const spaced = p.code.split('').join(' ');
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="210mm" height="297mm" viewBox="0 0 210 297" font-family="system-ui, sans-serif" fill="#000">
<rect width="210" height="297" fill="#fff"/>
<text x="105" y="16" font-size="6" text-anchor="middle">Lumbung Inovasi</text>
${title}
<text x="105" y="76" font-size="7" text-anchor="middle">Pindai kode QR ini untuk bergabung / Scan to join</text>
<rect x="40" y="82" width="130" height="130" fill="#fff"/>
${qrPath(p.link, 45, 87, 120)}
<text x="105" y="232" font-size="7" text-anchor="middle">${ROLE_LABEL[p.role]}</text>
<text x="105" y="252" font-size="18" font-weight="700" font-family="ui-monospace, monospace" text-anchor="middle" letter-spacing="1">${escapeXml(spaced)}</text>
<text x="105" y="272" font-size="5.5" text-anchor="middle">${escapeXml(p.link)}</text>
</svg>
`;
}
