/**
 * Handing the file on: the Web Share API with files where the browser says it can share this
 * one (WhatsApp, Bluetooth, Nearby Share), otherwise a download the person can send from their
 * files app. Chromium shares only an allow-list of file types (images, media, text, PDF as we
 * understand it, not verified here), so on many Android phones a .lumbung file will download.
 */
export type ShareOutcome = 'shared' | 'downloaded' | 'cancelled';

export interface ShareEnv {
  /** Partial: browsers without the Web Share API have neither method. */
  navigator: Partial<Pick<Navigator, 'canShare' | 'share'>>;
  document: Document;
  url: Pick<typeof URL, 'createObjectURL' | 'revokeObjectURL'>;
}

const defaultEnv = (): ShareEnv => ({ navigator, document, url: URL });

export function canShareFile(file: File, env: ShareEnv = defaultEnv()): boolean {
  try {
    return typeof env.navigator.share === 'function' && env.navigator.canShare?.({ files: [file] }) === true;
  } catch {
    return false;
  }
}

export async function shareOrDownload(
  file: File,
  title: string,
  env: ShareEnv = defaultEnv(),
): Promise<ShareOutcome> {
  if (canShareFile(file, env)) {
    try {
      await env.navigator.share!({ files: [file], title });
      return 'shared';
    } catch (e) {
      // The person closed the share sheet: that is a choice, not an error.
      if ((e as { name?: string }).name === 'AbortError') return 'cancelled';
      // Any other refusal (permission, a target that failed): fall back to a download.
    }
  }
  download(file, env);
  return 'downloaded';
}

export function download(file: File, env: ShareEnv = defaultEnv()): void {
  const href = env.url.createObjectURL(file);
  const a = env.document.createElement('a');
  a.href = href;
  a.download = file.name;
  a.rel = 'noopener';
  env.document.body.append(a);
  a.click();
  a.remove();
  // Revoke later: some browsers start reading the URL only after click() returns.
  setTimeout(() => env.url.revokeObjectURL(href), 60_000);
}
