import { PHOTO_MAX_EDGE } from './limits.ts';

/** A photo as stored: JPEG, at most {@link PHOTO_MAX_EDGE} px on its long edge, no metadata. */
export interface NormalizedPhoto {
  bytes: Buffer;
  contentType: 'image/jpeg';
  width: number;
  height: number;
}

/**
 * Resizes a photo to {@link PHOTO_MAX_EDGE} px on its long edge (never enlarged), turns it
 * upright from its EXIF orientation, and re-encodes it as JPEG with **no metadata**: sharp writes
 * none unless asked (`withMetadata`), so EXIF (camera, time), GPS position, XMP and ICC
 * comments of the original are all dropped. sharp is loaded on first use (its native library
 * costs ~50 ms to load). Bytes the library cannot decode are an expected failure.
 */
export async function normalizePhoto(
  bytes: Uint8Array,
): Promise<
  | { ok: true; value: NormalizedPhoto }
  | { ok: false; error: { code: 'unreadable_image'; message: string } }
> {
  const { default: sharp } = await import('sharp');
  try {
    const { data, info } = await sharp(bytes, { failOn: 'error', limitInputPixels: 60_000_000 })
      .rotate()
      .resize({
        width: PHOTO_MAX_EDGE,
        height: PHOTO_MAX_EDGE,
        fit: 'inside',
        withoutEnlargement: true,
      })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 82, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    return {
      ok: true,
      value: { bytes: data, contentType: 'image/jpeg', width: info.width, height: info.height },
    };
  } catch {
    return {
      ok: false,
      error: {
        code: 'unreadable_image',
        message: 'Image illisible (fichier abîmé ou incomplet) : rien n’a été enregistré.',
      },
    };
  }
}
