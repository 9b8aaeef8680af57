// The worker on workerd through Miniflare's API, without wrangler dev's proxy worker,
// inspector and request logs: what the runtime itself does on this machine.
// Usage: tsx bench/miniflare-server.ts <port> <bundle.js> <json bindings>
import { startLocalWorker } from '../test/support/local-worker.ts';

const [port, scriptPath, bindingsJson] = process.argv.slice(2);
const worker = await startLocalWorker({
  port: Number(port),
  scriptPath,
  bindings: JSON.parse(bindingsJson ?? '{}'),
  batchTimeoutSeconds: 2,
});
console.log('ready');
process.on('SIGTERM', () => {
  void worker.stop().finally(() => process.exit(0));
});
