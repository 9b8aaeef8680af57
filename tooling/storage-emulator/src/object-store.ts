import { crc32cBase64, md5Base64 } from './hashes.ts';

/** One stored object: its bytes and the metadata Cloud Storage keeps for it. */
export interface StoredObject {
  bucket: string;
  name: string;
  bytes: Buffer;
  contentType: string;
  /** Custom metadata (`metadata.metadata` in the JSON API). */
  metadata: Record<string, string>;
  generation: string;
  metageneration: string;
  md5Hash: string;
  crc32c: string;
  timeCreated: Date;
  updated: Date;
}

/** What a write may change: the object's content type and custom metadata. */
export interface ObjectWrite {
  bytes: Buffer;
  contentType?: string | undefined;
  metadata?: Record<string, string> | undefined;
}

/** The objects of every bucket, in memory (the stand-in keeps nothing across restarts). */
export class ObjectStore {
  readonly #objects = new Map<string, StoredObject>();
  #generation = Date.now() * 1000;

  static key(bucket: string, name: string): string {
    return `${bucket}\u0000${name}`;
  }

  get(bucket: string, name: string): StoredObject | undefined {
    return this.#objects.get(ObjectStore.key(bucket, name));
  }

  /** Creates or replaces an object (a new generation each time, as Cloud Storage does). */
  put(bucket: string, name: string, write: ObjectWrite, now = new Date()): StoredObject {
    this.#generation += 1;
    const object: StoredObject = {
      bucket,
      name,
      bytes: write.bytes,
      contentType: write.contentType || 'application/octet-stream',
      metadata: write.metadata ?? {},
      generation: String(this.#generation),
      metageneration: '1',
      md5Hash: md5Base64(write.bytes),
      crc32c: crc32cBase64(write.bytes),
      timeCreated: now,
      updated: now,
    };
    this.#objects.set(ObjectStore.key(bucket, name), object);
    return object;
  }

  /** Changes an object's metadata (content type, custom metadata merged; null removes a key). */
  patch(
    bucket: string,
    name: string,
    patch: { contentType?: string; metadata?: Record<string, string | null> },
    now = new Date(),
  ): StoredObject | undefined {
    const object = this.get(bucket, name);
    if (!object) return undefined;
    if (patch.contentType) object.contentType = patch.contentType;
    if (patch.metadata) {
      for (const [key, value] of Object.entries(patch.metadata)) {
        if (value === null) delete object.metadata[key];
        else object.metadata[key] = String(value);
      }
    }
    object.metageneration = String(Number(object.metageneration) + 1);
    object.updated = now;
    return object;
  }

  delete(bucket: string, name: string): boolean {
    return this.#objects.delete(ObjectStore.key(bucket, name));
  }

  /** The objects of `bucket` whose name starts with `prefix`, sorted by name. */
  list(bucket: string, prefix = ''): StoredObject[] {
    return [...this.#objects.values()]
      .filter((o) => o.bucket === bucket && o.name.startsWith(prefix))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Every object, for the stand-in's index page. */
  all(): StoredObject[] {
    return [...this.#objects.values()];
  }

  clear(): void {
    this.#objects.clear();
  }
}

/** The JSON API's object resource (`storage#object`) for `object`, as the SDK reads it. */
export function objectResource(object: StoredObject, origin: string): Record<string, unknown> {
  const encoded = encodeURIComponent(object.name);
  const link = `${origin}/storage/v1/b/${object.bucket}/o/${encoded}`;
  return {
    kind: 'storage#object',
    id: `${object.bucket}/${object.name}/${object.generation}`,
    selfLink: link,
    mediaLink: `${link}?generation=${object.generation}&alt=media`,
    name: object.name,
    bucket: object.bucket,
    generation: object.generation,
    metageneration: object.metageneration,
    contentType: object.contentType,
    storageClass: 'STANDARD',
    size: String(object.bytes.length),
    md5Hash: object.md5Hash,
    crc32c: object.crc32c,
    etag: `${object.generation}/${object.metageneration}`,
    timeCreated: object.timeCreated.toISOString(),
    updated: object.updated.toISOString(),
    timeStorageClassUpdated: object.timeCreated.toISOString(),
    ...(Object.keys(object.metadata).length > 0 ? { metadata: { ...object.metadata } } : {}),
  };
}
