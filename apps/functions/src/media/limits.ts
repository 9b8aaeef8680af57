// Size and type limits of photos, pure: the staff upload route and the inbound-media fetch
// check bytes against them before anything is stored.

/** A photo or media type we accept, by what its bytes say (not by the name the client gave). */
export type ImageType = 'image/jpeg' | 'image/png' | 'image/webp' | 'image/heic';

/** What an upload is checked against. */
export interface MediaLimits {
  /** Largest accepted size, in bytes. */
  maxBytes: number;
  /** Types accepted. */
  types: readonly ImageType[];
}

/**
 * Staff photos: JPEG, PNG or WebP, at most 10 MB as uploaded; stored resized to 1600 px on the
 * long edge, re-encoded as JPEG without metadata (EXIF, GPS). HEIC is refused with a reason: the
 * prebuilt image library (sharp's libvips) has no HEVC decoder.
 */
export const STAFF_PHOTO_LIMITS: MediaLimits = {
  maxBytes: 10 * 1024 * 1024,
  types: ['image/jpeg', 'image/png', 'image/webp'],
};

/** Customers' photos on WhatsApp: the same types, at most 10 MB (WhatsApp allows 16 MB). */
export const INBOUND_MEDIA_LIMITS: MediaLimits = {
  maxBytes: 10 * 1024 * 1024,
  types: ['image/jpeg', 'image/png', 'image/webp'],
};

/** Longest edge of a stored photo, in pixels. */
export const PHOTO_MAX_EDGE = 1600;

/** Why bytes were refused: a stable code and a French sentence staff can read. */
export interface MediaRefusal {
  code: 'too_large' | 'unsupported_type' | 'heic_unsupported' | 'empty';
  message: string;
}

/** The type the bytes' signature says, or null (pure). */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
  const b = bytes;
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (
    b.length >= 8 &&
    b[0] === 0x89 &&
    b[1] === 0x50 &&
    b[2] === 0x4e &&
    b[3] === 0x47 &&
    b[4] === 0x0d &&
    b[5] === 0x0a &&
    b[6] === 0x1a &&
    b[7] === 0x0a
  )
    return 'image/png';
  const ascii = (from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
  if (b.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  if (
    b.length >= 12 &&
    ascii(4, 8) === 'ftyp' &&
    /^(heic|heix|hevc|heim|heis|mif1|msf1)$/.test(ascii(8, 12))
  )
    return 'image/heic';
  return null;
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1).replace('.', ',')} Mo`;
}

/**
 * Checks bytes against `limits` (pure): the type comes from the bytes themselves, so a renamed
 * file is refused for what it is. The refusal says what was wrong and what is accepted.
 *
 * @example
 * checkMedia(jpegBytes, STAFF_PHOTO_LIMITS); // { ok: true, value: 'image/jpeg' }
 */
export function checkMedia(
  bytes: Uint8Array,
  limits: MediaLimits,
): { ok: true; value: ImageType } | { ok: false; error: MediaRefusal } {
  if (bytes.length === 0) {
    return { ok: false, error: { code: 'empty', message: 'Fichier vide : aucune photo reçue.' } };
  }
  if (bytes.length > limits.maxBytes) {
    return {
      ok: false,
      error: {
        code: 'too_large',
        message: `Photo trop lourde (${megabytes(bytes.length)}) : ${megabytes(limits.maxBytes)} au plus.`,
      },
    };
  }
  const type = sniffImageType(bytes);
  if (type === 'image/heic' && !limits.types.includes(type)) {
    return {
      ok: false,
      error: {
        code: 'heic_unsupported',
        message:
          'Format HEIC (iPhone) non pris en charge : envoyez la photo en JPEG (Réglages > Appareil photo > Formats > « Le plus compatible »).',
      },
    };
  }
  if (!type || !limits.types.includes(type)) {
    return {
      ok: false,
      error: {
        code: 'unsupported_type',
        message: 'Format non pris en charge : JPEG, PNG ou WebP seulement.',
      },
    };
  }
  return { ok: true, value: type };
}
