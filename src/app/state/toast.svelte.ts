/**
 * One short message at the bottom of the screen, optionally with an action ("Urungkan").
 * App-wide so that a message survives the navigation that follows a save or a delete.
 */
export interface ToastAction {
  label: string;
  run: () => Promise<void> | void;
}

export const TOAST_MS = 8000;

class Toasts {
  #message = $state<string | null>(null);
  #action = $state.raw<ToastAction | null>(null);
  #timer: ReturnType<typeof setTimeout> | null = null;

  get message(): string | null {
    return this.#message;
  }
  get action(): ToastAction | null {
    return this.#action;
  }

  show(message: string, action: ToastAction | null = null, ms = TOAST_MS): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#message = message;
    this.#action = action;
    this.#timer = setTimeout(() => this.dismiss(), ms);
  }

  dismiss(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#message = null;
    this.#action = null;
  }
}

export const toasts = new Toasts();
