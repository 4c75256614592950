/**
 * Files behind the admin token (exports, posters): fetched as a Blob (the token is a header, so
 * a plain link cannot carry it), then handed to the browser as an object URL.
 */
import type { LumbungDb } from '../../db/db.ts';
import { adminToken } from '../../sync/admin-session.ts';
import { SyncError } from '../../sync/transport.ts';
import { adminApi } from './api.ts';

async function fetchBlob(d: LumbungDb, path: string): Promise<Blob> {
  const token = await adminToken(d);
  if (!token) throw new SyncError('api.unauthorized', 401, false);
  return adminApi().download(token, path);
}

/** Save `path` as the name the server gave it, else `fallback` (a download). Returns the name
 * used, so the screen can say exactly which file arrived. */
export async function downloadFile(d: LumbungDb, path: string, fallback: string): Promise<string> {
  const token = await adminToken(d);
  if (!token) throw new SyncError('api.unauthorized', 401, false);
  const { blob, filename: named } = await adminApi().downloadNamed(token, path);
  const filename = named ?? fallback;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  // Give the browser time to start reading the blob before it is released.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return filename;
}

/** Open `path` in a new tab (a poster to print). */
export async function openFile(d: LumbungDb, path: string): Promise<void> {
  // The tab is opened before the await, or pop-up blockers treat it as unasked-for.
  const win = window.open('', '_blank');
  try {
    const blob = await fetchBlob(d, path);
    const url = URL.createObjectURL(blob);
    if (win) win.location.href = url;
    else window.location.href = url;
    setTimeout(() => URL.revokeObjectURL(url), 120_000);
  } catch (e) {
    win?.close();
    throw e;
  }
}
