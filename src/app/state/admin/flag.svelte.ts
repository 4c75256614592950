/**
 * Whether this device has an admin signed in, read synchronously at start (localStorage), so
 * the shell can show the "Admin" link without loading the admin chunk or waiting for IndexedDB.
 * It only decides what is shown: the server checks the token on every admin request.
 */
const KEY = 'lumbung.admin';

function read(): boolean {
  try {
    return globalThis.localStorage?.getItem(KEY) === '1';
  } catch {
    return false;
  }
}

class AdminFlag {
  #on = $state(read());
  get on(): boolean {
    return this.#on;
  }
  set(on: boolean): void {
    this.#on = on;
    try {
      if (on) globalThis.localStorage?.setItem(KEY, '1');
      else globalThis.localStorage?.removeItem(KEY);
    } catch {
      // Private mode: the link shows for this visit only.
    }
  }
}

export const adminFlag = new AdminFlag();
