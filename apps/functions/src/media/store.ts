import type { App } from 'firebase-admin/app';
import type { getStorage } from 'firebase-admin/storage';

type Bucket = ReturnType<ReturnType<typeof getStorage>['bucket']>;

/** An object as read back: its bytes and type. */
export interface StoredMedia {
  bytes: Buffer;
  contentType: string;
}

/**
 * Where photos live: Cloud Storage for Firebase in production, the local stand-in
 * (`tooling/storage-emulator`, `STORAGE_EMULATOR_HOST`) in development — the same SDK calls.
 */
export interface MediaStore {
  /**
   * Writes an object. `onlyIfAbsent` makes it a create (Cloud Storage's `ifGenerationMatch: 0`):
   * false when it already existed, nothing overwritten (a redelivered webhook stores once).
   */
  put(
    path: string,
    bytes: Buffer,
    options: { contentType: string; metadata?: Record<string, string>; onlyIfAbsent?: boolean },
  ): Promise<boolean>;
  /** The object, or null when there is none. */
  get(path: string): Promise<StoredMedia | null>;
  /** Deletes an object; nothing happens when there is none. */
  delete(path: string): Promise<void>;
}

function codeOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'number' ? code : Number.isFinite(Number(code)) ? Number(code) : undefined;
}

/**
 * The {@link MediaStore} of firebase-admin's storage (`@google-cloud/storage`), on `bucket`
 * (default: the app's `storageBucket`, else `<project>.appspot.com`). Uploads are single
 * multipart requests (`resumable: false`: photos are ≤ 10 MB, and one request is all or nothing).
 * The SDK is loaded on first use.
 */
export function firebaseMediaStore(app: App, bucket?: string): MediaStore {
  let opened: Promise<Bucket> | undefined;
  const open = () => {
    opened ??= import('firebase-admin/storage').then(({ getStorage }) => {
      const name =
        bucket ??
        app.options.storageBucket ??
        `${app.options.projectId ?? process.env.GCLOUD_PROJECT ?? 'demo-omega'}.appspot.com`;
      return getStorage(app).bucket(name);
    });
    return opened;
  };
  return {
    async put(path, bytes, options) {
      const file = (await open()).file(path);
      try {
        await file.save(bytes, {
          resumable: false,
          contentType: options.contentType,
          metadata: options.metadata ? { metadata: options.metadata } : {},
          ...(options.onlyIfAbsent ? { preconditionOpts: { ifGenerationMatch: 0 } } : {}),
        });
        return true;
      } catch (error) {
        if (options.onlyIfAbsent && codeOf(error) === 412) return false;
        throw error;
      }
    },
    async get(path) {
      const file = (await open()).file(path);
      try {
        const [[bytes], [metadata]] = await Promise.all([file.download(), file.getMetadata()]);
        return { bytes, contentType: metadata.contentType ?? 'application/octet-stream' };
      } catch (error) {
        if (codeOf(error) === 404) return null;
        throw error;
      }
    },
    async delete(path) {
      await (await open()).file(path).delete({ ignoreNotFound: true });
    },
  };
}
