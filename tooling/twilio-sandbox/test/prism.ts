import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Twilio's OpenAPI descriptions live in the shared reference folder beside the repository
 * (`../shared/reference/twilio-oai` from the repo root); TWILIO_OAI_DIR overrides it.
 */
export const OAI_DIR =
  process.env.TWILIO_OAI_DIR ??
  resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/reference/twilio-oai');
export const OAI_AVAILABLE = existsSync(join(OAI_DIR, 'twilio_api_v2010.json'));

const MESSAGES_LIST = '/2010-04-01/Accounts/{AccountSid}/Messages.json';
const MEDIA_LIST = '/2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Media.json';
const ENVELOPE_URIS = ['first_page_uri', 'next_page_uri', 'previous_page_uri', 'uri'];

/**
 * The v2010 description with one documented correction: the list envelopes' `*_page_uri` and
 * `uri` are declared `format: uri` (absolute), but Twilio returns relative URIs (the
 * description's own examples show `/2010-04-01/…`) and twilio-node builds the next page's URL
 * by appending `next_page_uri` to `https://api.twilio.com`, so an absolute URI would break the
 * SDK. The copy says `uri-reference`, which both satisfy; nothing else is changed.
 */
export function patchedV2010Spec(): { file: string; remove: () => void } {
  const spec = JSON.parse(readFileSync(join(OAI_DIR, 'twilio_api_v2010.json'), 'utf8'));
  // The same envelope on every list (Messages, and a message's Media).
  for (const list of [MESSAGES_LIST, MEDIA_LIST]) {
    const properties =
      spec.paths[list].get.responses['200'].content['application/json'].schema.properties;
    for (const name of ENVELOPE_URIS) {
      if (properties[name].format !== 'uri') throw new Error(`unexpected format for ${name}`);
      properties[name].format = 'uri-reference';
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'twilio-oai-'));
  const file = join(dir, 'twilio_api_v2010.json');
  writeFileSync(file, JSON.stringify(spec));
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** A running `prism proxy` validating every request and response against a description. */
export interface PrismProxy {
  url: string;
  stop: () => void;
  output: () => string;
}

/** Starts `prism proxy <spec> <upstream> --errors` and resolves once it listens. */
export async function startPrismProxy(spec: string, upstream: string): Promise<PrismProxy> {
  const require = createRequire(import.meta.url);
  const entry = join(
    dirname(require.resolve('@stoplight/prism-cli/package.json')),
    'dist/index.js',
  );
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [entry, 'proxy', spec, upstream, '--errors', '-h', '127.0.0.1', '-p', String(port)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => {
      child.kill(); // never leave an orphaned proxy behind a failed start
      fail(new Error(`prism did not start:\n${output.slice(-2000)}`));
    }, 150_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('Prism is listening')) {
        clearTimeout(timer);
        ready();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`prism exited with ${code}:\n${output.slice(-2000)}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => {
      child.kill();
    },
    output: () => output,
  };
}
