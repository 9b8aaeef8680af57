// The worker on workerd through Miniflare's API, without wrangler dev's proxy worker,
// inspector and request logs: what the runtime itself does on this machine.
// Usage: tsx bench/miniflare-server.ts <port> <bundle.js> <json bindings>
// Miniflare is taken from wrangler's own dependencies (the same version wrangler dev runs).
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

const require = createRequire(createRequire(import.meta.url).resolve('wrangler/package.json'));
// The few members used here (the package is not a direct dependency, so no types).
interface MiniflareModule {
  Miniflare: new (
    options: Record<string, unknown>,
  ) => { ready: Promise<URL>; dispose(): Promise<void> };
  Log: new (level: number) => unknown;
  LogLevel: { WARN: number; DEBUG: number };
}
const { Miniflare, Log, LogLevel } = require('miniflare') as MiniflareModule;

const [port, scriptPath, bindingsJson] = process.argv.slice(2);
const mf = new Miniflare({
  modules: true,
  scriptPath,
  // The bundle lives in a temporary directory, outside the working directory.
  modulesRoot: dirname(scriptPath ?? '.'),
  compatibilityDate: '2026-05-01',
  bindings: JSON.parse(bindingsJson ?? '{}'),
  queueProducers: { EVENTS_QUEUE: { queueName: 'omega-twilio-events' } },
  queueConsumers: {
    'omega-twilio-events': {
      maxBatchSize: 10,
      maxBatchTimeout: 2,
      maxRetries: 10,
      deadLetterQueue: 'omega-twilio-events-dlq',
    },
  },
  host: '127.0.0.1',
  port: Number(port),
  log: new Log(process.env.BENCH_MF_DEBUG ? LogLevel.DEBUG : LogLevel.WARN),
  logRequests: false,
});
await mf.ready;
console.log('ready');
process.on('SIGTERM', () => {
  void mf.dispose().finally(() => process.exit(0));
});
