/**
 * An object URL for the bytes stored under a hash, for a component to show or link to: watched,
 * not read once (the bytes of a pulled photo or evidence file may arrive after the screen
 * opened), made once (the bytes behind a hash never change), and revoked when the component
 * leaves the screen or the hash changes. Call it while the component initialises.
 */
import { db } from './db.ts';
import { watchBlob } from './photos.ts';

export function blobUrl(sha256: () => string): { readonly url: string | null } {
  let url = $state<string | null>(null);
  $effect(() => {
    let made: string | null = null;
    const stop = watchBlob(db, sha256(), (row) => {
      if (made || !row) return;
      made = URL.createObjectURL(row.blob);
      url = made;
    });
    return () => {
      stop();
      if (made) URL.revokeObjectURL(made);
      url = null;
    };
  });
  return {
    get url() {
      return url;
    },
  };
}
