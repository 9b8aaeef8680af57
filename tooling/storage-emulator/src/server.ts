import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderIndex } from './index-page.ts';
import { boundaryOf, parseMultipart } from './multipart.ts';
import { ObjectStore, objectResource, type StoredObject } from './object-store.ts';

/** Options of {@link start}. */
export interface StorageEmulatorOptions {
  /** Port (0 = any free port; default 9199, the Firebase Storage emulator's). */
  port?: number;
  /** Interface (default 127.0.0.1). */
  host?: string;
  /** Largest object accepted, in bytes (default 32 MiB). */
  maxObjectBytes?: number;
  log?: (line: string) => void;
}

/** A running stand-in. */
export interface StorageEmulator {
  /** Origin, e.g. `http://127.0.0.1:9199`: the value of `STORAGE_EMULATOR_HOST`. */
  url: string;
  port: number;
  /** The stored object, or undefined (tests look inside). */
  object(bucket: string, name: string): StoredObject | undefined;
  /** Every stored object. */
  objects(): StoredObject[];
  reset(): void;
  stop(): Promise<void>;
}

type Answer = {
  status: number;
  headers?: Record<string, string>;
  body?: Buffer | string | Record<string, unknown>;
};

const REASONS: Record<number, string> = {
  400: 'invalid',
  404: 'notFound',
  412: 'conditionNotMet',
  413: 'uploadTooLarge',
};

/** The JSON API's error envelope. */
function apiError(status: number, message: string): Answer {
  return {
    status,
    body: {
      error: {
        code: status,
        message,
        errors: [{ message, domain: 'global', reason: REASONS[status] ?? 'backendError' }],
      },
    },
  };
}

// `/storage/v1/b/…` (the SDK's default base) and `/b/…` (the SDK with STORAGE_EMULATOR_HOST
// uses the host itself as its base URL for JSON API calls).
const OBJECT = /^(?:\/storage\/v1)?\/b\/(?<bucket>[^/]+)\/o\/(?<name>.+)$/;
const LIST = /^(?:\/storage\/v1)?\/b\/(?<bucket>[^/]+)\/o\/?$/;
const DOWNLOAD = /^\/download\/storage\/v1\/b\/(?<bucket>[^/]+)\/o\/(?<name>.+)$/;
const UPLOAD = /^\/upload\/storage\/v1\/b\/(?<bucket>[^/]+)\/o\/?$/;
const BUCKET = /^(?:\/storage\/v1)?\/b\/(?<bucket>[^/]+)\/?$/;

interface Resumable {
  bucket: string;
  name: string;
  contentType: string | undefined;
  metadata: Record<string, string> | undefined;
  ifGenerationMatch: string | null;
  chunks: Buffer[];
  received: number;
}

async function readRaw(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) return null;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function write(res: ServerResponse, answer: Answer): void {
  const headers = { ...(answer.headers ?? {}) };
  let body: Buffer | undefined;
  if (Buffer.isBuffer(answer.body)) body = answer.body;
  else if (typeof answer.body === 'string') body = Buffer.from(answer.body);
  else if (answer.body !== undefined) {
    body = Buffer.from(JSON.stringify(answer.body));
    headers['Content-Type'] ??= 'application/json; charset=utf-8';
  }
  if (body) headers['Content-Length'] = String(body.length);
  res.writeHead(answer.status, headers).end(body);
}

function readMetadata(raw: unknown): { contentType?: string; metadata?: Record<string, string> } {
  if (raw === null || typeof raw !== 'object') return {};
  const json = raw as { contentType?: unknown; metadata?: unknown };
  const out: { contentType?: string; metadata?: Record<string, string> } = {};
  if (typeof json.contentType === 'string') out.contentType = json.contentType;
  if (json.metadata && typeof json.metadata === 'object') {
    out.metadata = Object.fromEntries(
      Object.entries(json.metadata as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
    );
  }
  return out;
}

function parseJson(buffer: Buffer): unknown {
  try {
    return buffer.length === 0 ? {} : JSON.parse(buffer.toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Starts the stand-in: the objects part of the Cloud Storage JSON API as `@google-cloud/storage`
 * calls it — uploads (`uploadType=multipart`, `media` and `resumable`), metadata get and patch,
 * download (`alt=media`), list (`prefix`, paging), delete, with `ifGenerationMatch`
 * preconditions (`0` = only if absent) — and an index page at `/` listing what is stored.
 * No authentication: local development and tests only.
 *
 * @example
 * const storage = await start({ port: 0 });
 * process.env.STORAGE_EMULATOR_HOST = storage.url; // before the first getStorage()
 */
export async function start(options: StorageEmulatorOptions = {}): Promise<StorageEmulator> {
  const store = new ObjectStore();
  const uploads = new Map<string, Resumable>();
  const limit = options.maxObjectBytes ?? 32 * 1024 * 1024;
  const log = options.log ?? (() => {});
  let origin = '';

  const precondition = (
    bucket: string,
    name: string,
    ifGenerationMatch: string | null,
  ): Answer | null => {
    if (ifGenerationMatch === null) return null;
    const current = store.get(bucket, name);
    const ok =
      ifGenerationMatch === '0' ? !current : current?.generation === String(ifGenerationMatch);
    return ok
      ? null
      : apiError(412, 'At least one of the pre-conditions you specified did not hold.');
  };

  const finish = (
    bucket: string,
    name: string,
    bytes: Buffer,
    meta: { contentType?: string | undefined; metadata?: Record<string, string> | undefined },
    ifGenerationMatch: string | null,
  ): Answer => {
    const refused = precondition(bucket, name, ifGenerationMatch);
    if (refused) return refused;
    const object = store.put(bucket, name, { bytes, ...meta });
    log(`↑ gs://${bucket}/${name} ${object.contentType} ${bytes.length} B`);
    return { status: 200, body: objectResource(object, origin) };
  };

  const upload = async (req: IncomingMessage, url: URL, bucket: string): Promise<Answer> => {
    const type = url.searchParams.get('uploadType') ?? 'multipart';
    const ifGen = url.searchParams.get('ifGenerationMatch');
    const body = await readRaw(req, limit + 64 * 1024);
    if (!body) return apiError(413, `Objects larger than ${limit} bytes are refused`);
    if (type === 'media') {
      const name = url.searchParams.get('name');
      if (!name) return apiError(400, 'Required parameter: name');
      return finish(bucket, name, body, { contentType: req.headers['content-type'] }, ifGen);
    }
    if (type === 'multipart') {
      const boundary = boundaryOf(req.headers['content-type']);
      const parts = boundary ? parseMultipart(body, boundary) : null;
      if (!parts || parts.length < 2) return apiError(400, 'Malformed multipart body');
      const [metaPart, mediaPart] = parts as [(typeof parts)[0], (typeof parts)[0]];
      const json = parseJson(metaPart.body) as { name?: unknown } | undefined;
      if (json === undefined) return apiError(400, 'Invalid JSON metadata');
      const name = url.searchParams.get('name') ?? (typeof json.name === 'string' ? json.name : '');
      if (!name) return apiError(400, 'Required parameter: name');
      const meta = readMetadata(json);
      meta.contentType ??= mediaPart.headers['content-type'];
      return finish(bucket, name, mediaPart.body, meta, ifGen);
    }
    if (type === 'resumable') {
      const json = parseJson(body) as { name?: unknown } | undefined;
      if (json === undefined) return apiError(400, 'Invalid JSON metadata');
      const name = url.searchParams.get('name') ?? (typeof json.name === 'string' ? json.name : '');
      if (!name) return apiError(400, 'Required parameter: name');
      const meta = readMetadata(json);
      const id = randomUUID();
      uploads.set(id, {
        bucket,
        name,
        contentType:
          meta.contentType ?? (req.headers['x-upload-content-type'] as string | undefined),
        metadata: meta.metadata,
        ifGenerationMatch: ifGen,
        chunks: [],
        received: 0,
      });
      const location = `${origin}/upload/storage/v1/b/${bucket}/o?uploadType=resumable&name=${encodeURIComponent(name)}&upload_id=${id}`;
      return { status: 200, headers: { Location: location }, body: '' };
    }
    return apiError(400, `Unsupported uploadType ${type}`);
  };

  /** `PUT` of a resumable session: a chunk (`Content-Range: bytes a-b/total|*`) or a status check. */
  const resume = async (req: IncomingMessage, url: URL): Promise<Answer> => {
    const session = uploads.get(url.searchParams.get('upload_id') ?? '');
    if (!session) return apiError(404, 'No such upload session');
    const body = await readRaw(req, limit + 64 * 1024);
    if (!body) return apiError(413, `Objects larger than ${limit} bytes are refused`);
    const range = /bytes (?:(\d+)-(\d+)|\*)\/(\d+|\*)/.exec(
      String(req.headers['content-range'] ?? ''),
    );
    if (body.length > 0) {
      const first = range?.[1] === undefined ? session.received : Number(range[1]);
      // A chunk sent again after a lost answer: only the part not yet received counts.
      const skip = Math.max(0, session.received - first);
      const fresh = body.subarray(skip);
      session.chunks.push(fresh);
      session.received += fresh.length;
    }
    const total =
      range?.[3] && range[3] !== '*' ? Number(range[3]) : range ? null : session.received;
    if (total !== null && session.received >= total) {
      uploads.delete(url.searchParams.get('upload_id') ?? '');
      return finish(
        session.bucket,
        session.name,
        Buffer.concat(session.chunks),
        { contentType: session.contentType, metadata: session.metadata },
        session.ifGenerationMatch,
      );
    }
    return {
      status: 308,
      headers: session.received > 0 ? { Range: `bytes=0-${session.received - 1}` } : {},
      body: '',
    };
  };

  const media = (object: StoredObject): Answer => ({
    status: 200,
    headers: {
      'Content-Type': object.contentType,
      'x-goog-hash': `crc32c=${object.crc32c},md5=${object.md5Hash}`,
      'x-goog-generation': object.generation,
      'x-goog-stored-content-length': String(object.bytes.length),
    },
    body: object.bytes,
  });

  const route = async (req: IncomingMessage, url: URL): Promise<Answer> => {
    const method = req.method ?? 'GET';
    const path = url.pathname;
    if (path === '/' && method === 'GET') {
      return {
        status: 200,
        headers: { 'Content-Type': 'text/html; charset=utf-8' },
        body: renderIndex(store.all()),
      };
    }
    if (path === '/_emulator/reset' && method === 'POST') {
      store.clear();
      uploads.clear();
      return { status: 204 };
    }
    let match = UPLOAD.exec(path);
    if (match?.groups) {
      const bucket = decodeURIComponent(match.groups.bucket ?? '');
      if (method === 'POST') return upload(req, url, bucket);
      if (method === 'PUT') return resume(req, url);
      return apiError(400, `${method} is not supported on uploads`);
    }
    match = DOWNLOAD.exec(path) ?? OBJECT.exec(path);
    if (match?.groups) {
      const bucket = decodeURIComponent(match.groups.bucket ?? '');
      const name = decodeURIComponent(match.groups.name ?? '');
      const object = store.get(bucket, name);
      if (method === 'GET') {
        if (!object) return apiError(404, `No such object: ${bucket}/${name}`);
        const generation = url.searchParams.get('generation');
        if (generation && generation !== object.generation)
          return apiError(404, `No such object: ${bucket}/${name}#${generation}`);
        if (url.searchParams.get('alt') === 'media' || path.startsWith('/download/'))
          return media(object);
        return { status: 200, body: objectResource(object, origin) };
      }
      if (method === 'DELETE') {
        const refused = precondition(bucket, name, url.searchParams.get('ifGenerationMatch'));
        if (refused) return refused;
        if (!store.delete(bucket, name)) return apiError(404, `No such object: ${bucket}/${name}`);
        log(`✕ gs://${bucket}/${name}`);
        return { status: 204 };
      }
      if (method === 'PATCH' || method === 'PUT') {
        const body = await readRaw(req, 1024 * 1024);
        const json = body ? parseJson(body) : undefined;
        if (json === undefined) return apiError(400, 'Invalid JSON metadata');
        const patched = store.patch(bucket, name, readMetadata(json));
        if (!patched) return apiError(404, `No such object: ${bucket}/${name}`);
        return { status: 200, body: objectResource(patched, origin) };
      }
      return apiError(400, `${method} is not supported on objects`);
    }
    match = LIST.exec(path);
    if (match?.groups && method === 'GET') {
      const bucket = decodeURIComponent(match.groups.bucket ?? '');
      const all = store.list(bucket, url.searchParams.get('prefix') ?? '');
      const max = Math.min(Number(url.searchParams.get('maxResults') ?? 1000) || 1000, 1000);
      const offset = Number(url.searchParams.get('pageToken') ?? 0) || 0;
      const page = all.slice(offset, offset + max);
      return {
        status: 200,
        body: {
          kind: 'storage#objects',
          items: page.map((o) => objectResource(o, origin)),
          ...(offset + max < all.length ? { nextPageToken: String(offset + max) } : {}),
        },
      };
    }
    match = BUCKET.exec(path);
    if (match?.groups && method === 'GET') {
      // Every bucket exists: the stand-in plays the project's default bucket and any other.
      const name = decodeURIComponent(match.groups.bucket ?? '');
      return { status: 200, body: { kind: 'storage#bucket', id: name, name } };
    }
    return apiError(404, `Not found: ${method} ${path}`);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://storage.local');
    route(req, url)
      .then((answer) => write(res, answer))
      .catch((error: unknown) => {
        log(`storage emulator error: ${error instanceof Error ? error.stack : String(error)}`);
        if (!res.headersSent) write(res, apiError(500, 'Internal error'));
      });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 9199, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shown = host.includes(':') ? `[${host}]` : host;
  origin = `http://${shown === '0.0.0.0' ? '127.0.0.1' : shown}:${port}`;
  log(`Cloud Storage stand-in on ${origin}`);
  return {
    url: origin,
    port,
    object: (bucket, name) => store.get(bucket, name),
    objects: () => store.all(),
    reset: () => {
      store.clear();
      uploads.clear();
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
