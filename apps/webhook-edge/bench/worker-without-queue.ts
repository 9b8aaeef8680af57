// Benchmark-only entry: the same worker with EVENTS_QUEUE replaced by a producer that
// resolves at once, to separate the cost of the local Queue emulation (and of the consumer
// forwarding every event) from the worker's own work (routing, body, signature, logging).
import worker from '../src/index.ts';

const instantQueue = {
  send: async () => {},
  sendBatch: async () => {},
};
const wrapped = new WeakMap<object, unknown>();

export default {
  fetch(request: Request, env: object, ctx: ExecutionContext) {
    let withStub = wrapped.get(env);
    if (!withStub) {
      withStub = { ...env, EVENTS_QUEUE: instantQueue };
      wrapped.set(env, withStub);
    }
    return worker.fetch(request, withStub as Parameters<typeof worker.fetch>[1], ctx);
  },
};
