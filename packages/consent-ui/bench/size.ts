/// <reference types="node" />
/**
 * What embedding @omega/consent-ui adds to a host page's JavaScript: the package bundled the
 * way a host bundler would (ESM, minified, React left to the host), raw and gzipped, and what
 * each input contributes. Prints numbers; fails nothing.
 */
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url));

const result = await build({
  entryPoints: [entry],
  bundle: true,
  format: 'esm',
  minify: true,
  jsx: 'automatic',
  platform: 'browser',
  external: ['react', 'react-dom', 'react/jsx-runtime'],
  write: false,
  metafile: true,
});

const code = result.outputFiles[0]?.contents ?? new Uint8Array();
console.log(
  `@omega/consent-ui bundled (React excluded): ${code.length} B minified, ${gzipSync(code, { level: 9 }).length} B gzipped`,
);

const byInput = new Map<string, number>();
for (const output of Object.values(result.metafile.outputs)) {
  for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
    const key = path.includes('node_modules/')
      ? (path.split('node_modules/').pop() ?? path).split('/')[0]
      : path.startsWith('../')
        ? `@omega/${path.split('/')[1]}`
        : '@omega/consent-ui';
    byInput.set(key ?? path, (byInput.get(key ?? path) ?? 0) + bytesInOutput);
  }
}
for (const [key, bytes] of [...byInput].sort((a, b) => b[1] - a[1])) {
  console.log(`  ${key.padEnd(24)} ${String(bytes).padStart(7)} B minified`);
}
