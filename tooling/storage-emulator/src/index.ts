export type { StoredObject } from './object-store.ts';
export { type StorageEmulator, type StorageEmulatorOptions, start } from './server.ts';
