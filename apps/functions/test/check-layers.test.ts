import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const script = new URL('../scripts/check-layers.mjs', import.meta.url).pathname;

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'layers-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const run = (src: string) =>
  spawnSync(process.execPath, [script, '--src', src], { encoding: 'utf8' });

describe('scripts/check-layers.mjs (run by lint)', () => {
  it('passes the real source tree', () => {
    const result = run(new URL('../src', import.meta.url).pathname);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('names every import against the flow', () => {
    const src = tree({
      'store/history.ts': "import { dispatchSend } from '../pipeline/send/dispatch.ts';\n",
      'pipeline/plan/fallback.ts': "export { x } from '../send/record.ts';\n",
      'pipeline/send/dispatch.ts': "import { planFallback } from '../plan/fallback.ts';\n",
      'customer-api/app.ts': "const m = await import('../api/errors.ts');\n",
    });
    const result = run(src);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('3 import(s) against the flow');
    expect(result.stderr).toContain(
      'store/history.ts (store) imports ../pipeline/send/dispatch.ts',
    );
    expect(result.stderr).toContain(
      'pipeline/plan/fallback.ts (pipeline/plan) imports ../send/record.ts',
    );
    expect(result.stderr).toContain('customer-api/app.ts (customer-api) imports ../api/errors.ts');
  });
});
