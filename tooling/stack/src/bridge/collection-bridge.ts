import type { DocumentSnapshot, Firestore, QuerySnapshot } from 'firebase-admin/firestore';
import { writeTimeKey } from './write-time.ts';

/** One document change, as a Firestore trigger receives it. */
export interface DocumentChange {
  collection: string;
  id: string;
  kind: 'created' | 'updated' | 'deleted';
  /** The document as the bridge last saw it; null when it was created. */
  before: DocumentSnapshot | null;
  /** The document now; null when it was deleted. */
  after: DocumentSnapshot | null;
  /**
   * The event's identity: `<collection>/<id>@<write time>` (update time for creations and
   * updates, the snapshot's read time for deletions). Deterministic, like production's event
   * ids, so a handler that derives ids from it is idempotent across redeliveries and restarts.
   */
  eventId: string;
  /** The write time part of `eventId` (`"<seconds>.<nanos>"`). */
  writeTime: string;
}

/** Options of {@link bridgeCollection}. */
export interface CollectionBridgeOptions {
  db: Firestore;
  collection: string;
  /**
   * The triggers on this collection, by name: each gets every change and is retried on its
   * own when it throws (production's `retry: true`), so one failing trigger never re-runs
   * another.
   */
  handlers: Record<string, (change: DocumentChange) => Promise<void>>;
  /** Attempts per change (default 5) and the first retry delay (default 1 s, doubling). */
  retry?: { attempts?: number; firstDelayMs?: number };
  /**
   * Extra deliveries of each change, run concurrently with the first (Eventarc delivers at
   * least once: sometimes twice, at the same time). Default 0.
   */
  copies?: () => number;
  log(line: string): void;
}

/** A running bridge. */
export interface CollectionBridge {
  /** Resolves once the listener's first snapshot (the baseline) has arrived. */
  ready: Promise<void>;
  /** Resolves when no change is being handled or waiting for a retry. */
  idle(): Promise<void>;
  /** Changes handled (successfully or given up), for the local status page and tests. */
  stats(): { delivered: number; failed: number; retried: number; duplicates: number };
  stop(): void;
}

/**
 * Turns Firestore document changes into trigger calls, as Eventarc does in production:
 * `onSnapshot` on the collection; the listener's first snapshot is the baseline and triggers
 * nothing (documents that existed before the stack started, or before a restart, are not
 * "created" again); each document's previous snapshot is kept to give the handler
 * before/after; and each change carries the write time as its identity, so a handler whose
 * writes are keyed on it (the ticket triggers' history ids) never sends twice. Each trigger
 * handles the changes of one document in order; different documents run concurrently.
 *
 * Unlike production, several writes to one document in quick succession can reach the
 * listener as one snapshot: the handler then sees the first `before` and the last `after`.
 */
export function bridgeCollection(options: CollectionBridgeOptions): CollectionBridge {
  const { collection } = options;
  const attempts = options.retry?.attempts ?? 5;
  const firstDelay = options.retry?.firstDelayMs ?? 1_000;
  const previous = new Map<string, DocumentSnapshot>();
  const lastWrite = new Map<string, string>();
  const chains = new Map<string, Promise<void>>();
  const inFlight = new Set<Promise<void>>();
  const counts = { delivered: 0, failed: 0, retried: 0, duplicates: 0 };
  let baseline = true;
  let stopped = false;
  let resolveReady: () => void = () => {};
  let rejectReady: (error: Error) => void = () => {};
  const ready = new Promise<void>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  ready.catch(() => {});

  const deliver = async (name: string, change: DocumentChange): Promise<void> => {
    const handler = options.handlers[name];
    if (!handler) return;
    for (let attempt = 1; ; attempt += 1) {
      if (stopped) return;
      try {
        await handler(change);
        counts.delivered += 1;
        return;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (attempt >= attempts) {
          counts.failed += 1;
          options.log(`${name}: ${change.eventId} failed ${attempt} times, dropped: ${message}`);
          return;
        }
        counts.retried += 1;
        const delay = firstDelay * 2 ** (attempt - 1);
        options.log(`${name}: ${change.eventId} failed, retry in ${delay} ms: ${message}`);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  };

  const enqueue = (change: DocumentChange) => {
    for (const name of Object.keys(options.handlers)) {
      const key = `${name}\u0000${change.id}`;
      const prior = chains.get(key) ?? Promise.resolve();
      const extra = Math.max(0, Math.floor(options.copies?.() ?? 0));
      const next = prior.then(async () => {
        await Promise.all(Array.from({ length: 1 + extra }, () => deliver(name, change)));
      });
      chains.set(key, next);
      inFlight.add(next);
      void next.finally(() => {
        inFlight.delete(next);
        if (chains.get(key) === next) chains.delete(key);
      });
    }
  };

  const onSnapshot = (snapshot: QuerySnapshot) => {
    if (baseline) {
      baseline = false;
      for (const doc of snapshot.docs) {
        previous.set(doc.id, doc);
        if (doc.updateTime) lastWrite.set(doc.id, writeTimeKey(doc.updateTime));
      }
      options.log(
        `watching ${collection}: ${snapshot.size} existing documents (baseline, no events)`,
      );
      resolveReady();
      return;
    }
    for (const docChange of snapshot.docChanges()) {
      const doc = docChange.doc;
      const before = previous.get(doc.id) ?? null;
      if (docChange.type === 'removed') {
        previous.delete(doc.id);
        lastWrite.delete(doc.id);
        const writeTime = writeTimeKey(snapshot.readTime);
        enqueue({
          collection,
          id: doc.id,
          kind: 'deleted',
          before: before ?? doc,
          after: null,
          eventId: `${collection}/${doc.id}@${writeTime}`,
          writeTime,
        });
        continue;
      }
      const writeTime = writeTimeKey(doc.updateTime);
      previous.set(doc.id, doc);
      if (lastWrite.get(doc.id) === writeTime) {
        // The same write again (a listener reset re-sends documents): already handled.
        counts.duplicates += 1;
        continue;
      }
      lastWrite.set(doc.id, writeTime);
      enqueue({
        collection,
        id: doc.id,
        kind: before === null ? 'created' : 'updated',
        before,
        after: doc,
        eventId: `${collection}/${doc.id}@${writeTime}`,
        writeTime,
      });
    }
  };

  const unsubscribe = options.db.collection(collection).onSnapshot(onSnapshot, (error) => {
    options.log(`listener on ${collection} failed: ${error.message}`);
    rejectReady(error);
  });

  return {
    ready,
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    stats: () => ({ ...counts }),
    stop() {
      stopped = true;
      unsubscribe();
    },
  };
}
