import type { MessageRecord, MessageStatus } from './message-record.ts';

/** In-memory messages, newest first, with a version number that moves on every change. */
export class MessageStore {
  readonly #bySid = new Map<string, MessageRecord>();
  readonly #listeners = new Set<() => void>();
  #version = 0;

  add(message: MessageRecord): void {
    this.#bySid.set(message.sid, message);
    this.changed();
  }

  get(sid: string): MessageRecord | undefined {
    return this.#bySid.get(sid);
  }

  delete(sid: string): boolean {
    const deleted = this.#bySid.delete(sid);
    if (deleted) this.changed();
    return deleted;
  }

  /** Every message, newest first (creation order breaks ties). */
  all(): MessageRecord[] {
    return [...this.#bySid.values()].reverse();
  }

  /** Moves a message to a new status and records it in its history. */
  setStatus(message: MessageRecord, status: MessageStatus, at = new Date()): void {
    message.status = status;
    message.dateUpdated = at;
    message.history.push({ status, at: at.toISOString() });
    this.changed();
  }

  /** Tells listeners (the inbox, `waitFor`) that something changed. */
  changed(): void {
    this.#version++;
    for (const listener of this.#listeners) listener();
  }

  get version(): number {
    return this.#version;
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  clear(): void {
    this.#bySid.clear();
    this.changed();
  }
}
