// STUB (owned by the sync work): starts the client sync engine and its triggers.
export function startSync(): void {}
