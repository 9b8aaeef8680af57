import { type App, deleteApp, initializeApp } from 'firebase-admin/app';
import { getStorage } from 'firebase-admin/storage';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type StorageEmulator, start } from '../src/index.ts';

// The real SDK (firebase-admin/storage → @google-cloud/storage) against the stand-in, the way
// the functions call it with STORAGE_EMULATOR_HOST: what they rely on, each call as they make it.
let storage: StorageEmulator;
let app: App;
const BUCKET = 'demo-omega.appspot.com';

beforeAll(async () => {
  storage = await start({ port: 0 });
  process.env.STORAGE_EMULATOR_HOST = storage.url;
  app = initializeApp(
    { projectId: 'demo-omega', storageBucket: BUCKET },
    `conformance-${Date.now()}`,
  );
});
afterAll(async () => {
  await deleteApp(app);
  await storage.stop();
});
beforeEach(() => storage.reset());

const bucket = () => getStorage(app).bucket();
const bytes = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31) % 256));

describe('firebase-admin storage against the stand-in', () => {
  it('saves (multipart, not resumable) with content type and custom metadata, and reads it back', async () => {
    const file = bucket().file('tickets/t1/photos/p1.jpg');
    await file.save(bytes(5000), {
      resumable: false,
      contentType: 'image/jpeg',
      metadata: { metadata: { label: 'before', ticketId: 't1' } },
    });
    const stored = storage.object(BUCKET, 'tickets/t1/photos/p1.jpg');
    expect(stored?.bytes.equals(bytes(5000))).toBe(true);
    const [metadata] = await file.getMetadata();
    expect(metadata).toMatchObject({
      name: 'tickets/t1/photos/p1.jpg',
      bucket: BUCKET,
      contentType: 'image/jpeg',
      size: '5000',
      metadata: { label: 'before', ticketId: 't1' },
    });
    const [downloaded] = await file.download();
    expect(downloaded.equals(bytes(5000))).toBe(true);
  });

  it('saves through a resumable upload (the SDK default) in one or several chunks', async () => {
    const file = bucket().file('inbound/MM1/0');
    await file.save(bytes(300_000), { contentType: 'image/png', chunkSize: 256 * 1024 });
    const [downloaded] = await file.download();
    expect(downloaded.length).toBe(300_000);
    expect(downloaded.equals(bytes(300_000))).toBe(true);
    const [metadata] = await file.getMetadata();
    expect(metadata.contentType).toBe('image/png');
  });

  it('streams a download (createReadStream) with its hash validated', async () => {
    const file = bucket().file('a/b c/é.webp');
    await file.save(bytes(70_000), { resumable: false, contentType: 'image/webp' });
    const chunks: Buffer[] = [];
    await new Promise<void>((resolve, reject) => {
      file
        .createReadStream({ validation: 'crc32c' })
        .on('data', (c: Buffer) => chunks.push(c))
        .on('end', resolve)
        .on('error', reject);
    });
    expect(Buffer.concat(chunks).equals(bytes(70_000))).toBe(true);
  });

  it('exists, delete, and a 404 for what is not there', async () => {
    const file = bucket().file('gone.jpg');
    expect((await file.exists())[0]).toBe(false);
    await file.save(bytes(10), { resumable: false, contentType: 'image/jpeg' });
    expect((await file.exists())[0]).toBe(true);
    await file.delete();
    expect((await file.exists())[0]).toBe(false);
    await expect(file.download()).rejects.toMatchObject({ code: 404 });
    await expect(file.delete()).rejects.toMatchObject({ code: 404 });
    await file.delete({ ignoreNotFound: true });
  });

  it('honours ifGenerationMatch: 0 (create only when absent: a redelivery stores once)', async () => {
    const file = bucket().file('inbound/MM2/0');
    await file.save(bytes(10), {
      resumable: false,
      contentType: 'image/jpeg',
      preconditionOpts: { ifGenerationMatch: 0 },
    });
    await expect(
      file.save(bytes(20), {
        resumable: false,
        contentType: 'image/jpeg',
        preconditionOpts: { ifGenerationMatch: 0 },
      }),
    ).rejects.toMatchObject({ code: 412 });
    expect(storage.object(BUCKET, 'inbound/MM2/0')?.bytes.length).toBe(10);
  });

  it('lists by prefix, paged', async () => {
    for (const name of ['tickets/t1/a', 'tickets/t1/b', 'tickets/t1/c', 'tickets/t2/a'])
      await bucket().file(name).save(bytes(3), { resumable: false });
    const [all] = await bucket().getFiles({ prefix: 'tickets/t1/' });
    expect(all.map((f) => f.name)).toEqual(['tickets/t1/a', 'tickets/t1/b', 'tickets/t1/c']);
    const [first, next] = await bucket().getFiles({
      prefix: 'tickets/t1/',
      maxResults: 2,
      autoPaginate: false,
    });
    expect(first.map((f) => f.name)).toEqual(['tickets/t1/a', 'tickets/t1/b']);
    expect(next).toMatchObject({ pageToken: '2' });
  });

  it('updates custom metadata (setMetadata)', async () => {
    const file = bucket().file('m.jpg');
    await file.save(bytes(4), { resumable: false, contentType: 'image/jpeg' });
    await file.setMetadata({ metadata: { label: 'after' } });
    const [metadata] = await file.getMetadata();
    expect(metadata.metadata).toEqual({ label: 'after' });
  });
});
