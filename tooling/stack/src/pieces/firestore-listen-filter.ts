import type { FirestoreServer } from '@firestore-emulator/server';

type Handler = (payload: { document?: { getPath?: () => string } }) => void;
interface EmitterLike {
  on(event: string, handler: Handler): unknown;
  off(event: string, handler: Handler): unknown;
}
interface ListenRequestLike {
  has_add_target?: boolean;
  add_target?: {
    has_query?: boolean;
    query?: {
      parent?: string;
      structured_query?: { from?: Array<{ collection_id?: string; all_descendants?: boolean }> };
    };
  };
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
 */
export function filterListenWakeUps(server: FirestoreServer): void {
  const state = server.state as unknown as { v1Listen: V1Listen; emitter: EmitterLike };
  const original = state.v1Listen;
  state.v1Listen = function filtered(listen, callback, onEnd) {
    const query =
      listen.has_add_target && listen.add_target?.has_query ? listen.add_target.query : undefined;
    const from = query?.structured_query?.from ?? [];
    const only = from.length === 1 ? from[0] : undefined;
    if (!query?.parent || !only?.collection_id || only.all_descendants)
      return original.call(state, listen, callback, onEnd);
    const prefix = `${query.parent}/${only.collection_id}/`;
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
