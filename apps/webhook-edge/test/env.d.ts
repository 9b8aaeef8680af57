// Types `env` and `exports` from 'cloudflare:workers' in tests with this worker's bindings
// and main module (what `wrangler types` would generate).
type WorkerBindings = import('../src/env.ts').Bindings;

declare namespace Cloudflare {
  interface Env extends WorkerBindings {}
  interface GlobalProps {
    mainModule: typeof import('../src/index.ts');
  }
}
