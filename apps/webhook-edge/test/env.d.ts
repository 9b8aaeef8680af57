// `import { env } from 'cloudflare:workers'` in tests is typed with the worker's bindings.
declare namespace Cloudflare {
  interface Env extends import('../src/env.ts').Bindings {}
}
