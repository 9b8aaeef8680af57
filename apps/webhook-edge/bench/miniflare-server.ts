// The worker on workerd through Miniflare's API, without wrangler dev's proxy worker,
// inspector and request logs: what the runtime itself does on this machine.
// Usage: tsx bench/miniflare-server.ts <port> <bundle.js> <json bindings> [direct]
// (`direct`: the worker on its own workerd socket, without Miniflare's entry worker.)
import { startLocalWorker } from '../test/support/local-worker.ts';

const [port, scriptPath, bindingsJson, mode] = process.argv.slice(2);
const worker = await startLocalWorker({
  port: Number(port),
  scriptPath,
  bindings: JSON.parse(bindingsJson ?? '{}'),
  batchTimeoutSeconds: 2,
  direct: mode === 'direct',
});
console.log('ready');
process.on('SIGTERM', () => {
  void worker.stop().finally(() => process.exit(0));
});
