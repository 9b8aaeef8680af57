import { createRequire } from 'node:module';
import type { FirestoreServer } from '@firestore-emulator/server';

interface StateDocument {
  getPath(): string;
  metadata: { hasExist: boolean };
  toV1DocumentObject(): unknown;
}
type Handler = (payload: { document?: { getPath?: () => string } }) => void;
interface EmitterLike {
  on(event: string, handler: Handler): unknown;
  off(event: string, handler: Handler): unknown;
}
interface StructuredQueryLike {
  from?: Array<{ collection_id?: string; all_descendants?: boolean }>;
  has_select?: boolean;
  has_where?: boolean;
  order_by?: unknown[];
  has_start_at?: boolean;
  has_end_at?: boolean;
  offset?: number;
  has_limit?: boolean;
  has_find_nearest?: boolean;
}
interface ListenRequestLike {
  has_add_target?: boolean;
  add_target?: {
    target_id?: number;
    has_query?: boolean;
    query?: { parent?: string; structured_query?: StructuredQueryLike };
  };
}
/** The server's response message class (the gRPC stream serializes its instances). */
interface ListenResponseClass {
  fromObject(data: Record<string, unknown>): unknown;
}
type V1Listen = (listen: ListenRequestLike, callback: unknown, onEnd: unknown) => void;

/**
 * Makes the embedded server's collection listeners wake up only for writes to their own
 * collection. As shipped, `@firestore-emulator/server` re-runs every listener's query and
 * re-sends its whole result on every write anywhere in the database, so with the demo shop
 * (hundreds of tickets and clients) each history, claim or statistics write cost several
 * hundred document encodings per listener, and the bridge fell minutes behind. Results are
 * unchanged: a listener on `tickets` gets exactly the snapshots it got before, minus the
 * re-sends caused by writes elsewhere (which carried no change for it). Collection-group and
 * document listeners are left as they are.
 *
 * A listener on a whole collection (no filter, order, cursor or limit: the bridge's
 * `db.collection(c).onSnapshot`) is also answered the way Firestore does, with only what
 * changed: after the first result, each write sends the documents it touched and one
 * consistent-snapshot marker, instead of a RESET and the whole collection again. As shipped
 * (even with the filter above), every ticket write re-queried every ticket, compared the path
 * lists (quadratic) and re-sent each document, which the client decoded and diffed: with 2,000
 * tickets one write cost hundreds of milliseconds of the one JS thread, and a burst of updates
 * froze the stack (the Monday-morning benchmark, `bench/monday-burst.ts`).
 */
export function filterListenWakeUps(server: FirestoreServer): void {
  const state = server.state as unknown as {
    v1Listen: V1Listen;
    emitter: EmitterLike;
    v1Query(parent: string, query: StructuredQueryLike): StateDocument[];
  };
  const original = state.v1Listen;
  let listenResponse: ListenResponseClass | undefined;
  state.v1Listen = function filtered(listen, callback, onEnd) {
    const query =
      listen.has_add_target && listen.add_target?.has_query ? listen.add_target.query : undefined;
    const from = query?.structured_query?.from ?? [];
    const only = from.length === 1 ? from[0] : undefined;
    if (!query?.parent || !only?.collection_id || only.all_descendants)
      return original.call(state, listen, callback, onEnd);
    const prefix = `${query.parent}/${only.collection_id}/`;
    const structured = query.structured_query as StructuredQueryLike;
    if (isWholeCollection(structured)) {
      listenResponse ??= loadListenResponse();
      return streamCollection({
        state,
        response: listenResponse,
        targetId: listen.add_target?.target_id ?? 0,
        parent: query.parent,
        query: structured,
        prefix,
        callback,
        onEnd: onEnd as (handler: () => void) => void,
      });
    }
    const wrappers = new Map<Handler, Handler>();
    const emitter: EmitterLike = {
      on(event, handler) {
        const wrapped: Handler = (payload) => {
          const path = payload?.document?.getPath?.();
          // A direct child of the listened collection, or something we cannot tell: wake up.
          if (
            typeof path === 'string' &&
            (!path.startsWith(prefix) || path.slice(prefix.length).includes('/'))
          )
            return;
          handler(payload);
        };
        wrappers.set(handler, wrapped);
        state.emitter.on(event, wrapped);
        return emitter;
      },
      off(event, handler) {
        state.emitter.off(event, wrappers.get(handler) ?? handler);
        wrappers.delete(handler);
        return emitter;
      },
    };
    const view = new Proxy(state, {
      get(target, property) {
        if (property === 'emitter') return emitter;
        const value = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    return original.call(view, listen, callback, onEnd);
  };
}

/** A query on one collection with nothing that orders, filters or cuts its result. */
function isWholeCollection(q: StructuredQueryLike): boolean {
  return (
    !q.has_select &&
    !q.has_where &&
    (q.order_by?.length ?? 0) === 0 &&
    !q.has_start_at &&
    !q.has_end_at &&
    !q.offset &&
    !q.has_limit &&
    !q.has_find_nearest
  );
}

/**
 * The server's own `ListenResponse` class, from the proto package it depends on (not a
 * dependency of the stack: resolved from the server's location).
 */
function loadListenResponse(): ListenResponseClass {
  const fromServer = createRequire(
    createRequire(import.meta.url).resolve('@firestore-emulator/server'),
  );
  return (
    fromServer('@firestore-emulator/proto/dist/google/firestore/v1/firestore') as {
      ListenResponse: ListenResponseClass;
    }
  ).ListenResponse;
}

const timestampNow = () => {
  const ms = Date.now();
  return { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 };
};

/**
 * Answers a whole-collection listener incrementally, as Firestore's Listen does: ADD, the
 * current documents, CURRENT and a snapshot marker (NO_CHANGE without targets, with a read
 * time); then, for the writes of one tick (a batch commit emits its documents together), each
 * document touched (a change, or a delete) followed by one marker, from which the client
 * builds one snapshot.
 */
function streamCollection(options: {
  state: {
    emitter: EmitterLike;
    v1Query(parent: string, query: StructuredQueryLike): StateDocument[];
  };
  response: ListenResponseClass;
  targetId: number;
  parent: string;
  query: StructuredQueryLike;
  prefix: string;
  callback: unknown;
  onEnd: (handler: () => void) => void;
}): void {
  const { state, response, targetId, prefix } = options;
  const send = options.callback as (message: unknown) => void;
  const marker = () =>
    send(
      response.fromObject({
        target_change: { read_time: timestampNow(), target_change_type: 0, target_ids: [] },
      }),
    );
  const sendDocument = (doc: StateDocument) =>
    send(
      response.fromObject(
        doc.metadata.hasExist
          ? { document_change: { document: doc.toV1DocumentObject(), target_ids: [targetId] } }
          : { document_delete: { document: doc.getPath(), read_time: timestampNow() } },
      ),
    );
  // TargetChangeType: NO_CHANGE 0, ADD 1, REMOVE 2, CURRENT 3, RESET 4.
  send(response.fromObject({ target_change: { target_change_type: 1, target_ids: [targetId] } }));
  for (const doc of state.v1Query(options.parent, options.query)) sendDocument(doc);
  send(
    response.fromObject({
      target_change: { read_time: timestampNow(), target_change_type: 3, target_ids: [targetId] },
    }),
  );
  marker();

  let ended = false;
  let pending = new Map<string, StateDocument>();
  const flush = () => {
    const docs = pending;
    pending = new Map();
    if (ended) return;
    for (const doc of docs.values()) sendDocument(doc);
    marker();
  };
  const onWrite: Handler = (payload) => {
    const doc = payload?.document as StateDocument | undefined;
    const path = doc?.getPath?.();
    // Direct children of the collection only (a sub-collection is not in the result).
    if (!doc || typeof path !== 'string' || !path.startsWith(prefix)) return;
    if (path.slice(prefix.length).includes('/')) return;
    if (pending.size === 0) setImmediate(flush);
    pending.set(path, doc);
  };
  const events = ['create-document', 'update-document', 'delete-document'];
  for (const event of events) state.emitter.on(event, onWrite);
  options.onEnd(() => {
    ended = true;
    for (const event of events) state.emitter.off(event, onWrite);
  });
}
