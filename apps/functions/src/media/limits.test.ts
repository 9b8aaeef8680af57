import { describe, expect, it } from 'vitest';
import { checkMedia, type MediaLimits, STAFF_PHOTO_LIMITS, sniffImageType } from './limits.ts';

const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]);
const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
const webp = new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 ');
const heic = new TextEncoder().encode('\0\0\0\x18ftypheic\0\0\0\0');
const gif = new TextEncoder().encode('GIF89a......');
const pdf = new TextEncoder().encode('%PDF-1.7\n');

describe('sniffImageType', () => {
  it.each([
    [jpeg, 'image/jpeg'],
    [png, 'image/png'],
    [webp, 'image/webp'],
    [heic, 'image/heic'],
    [gif, null],
    [pdf, null],
    [new Uint8Array(), null],
  ])('%#: %s', (bytes, type) => {
    expect(sniffImageType(bytes)).toBe(type);
  });
});

describe('checkMedia', () => {
  it('accepts JPEG, PNG and WebP under the limit', () => {
    for (const [bytes, type] of [
      [jpeg, 'image/jpeg'],
      [png, 'image/png'],
      [webp, 'image/webp'],
    ] as const)
      expect(checkMedia(bytes, STAFF_PHOTO_LIMITS)).toEqual({ ok: true, value: type });
  });

  it('refuses by what the bytes are (a PDF named .jpg), HEIC with how to fix it, empty and too large', () => {
    expect(checkMedia(pdf, STAFF_PHOTO_LIMITS)).toMatchObject({
      ok: false,
      error: { code: 'unsupported_type', message: expect.stringContaining('JPEG, PNG ou WebP') },
    });
    expect(checkMedia(heic, STAFF_PHOTO_LIMITS)).toMatchObject({
      ok: false,
      error: { code: 'heic_unsupported', message: expect.stringContaining('JPEG') },
    });
    expect(checkMedia(new Uint8Array(), STAFF_PHOTO_LIMITS)).toMatchObject({
      ok: false,
      error: { code: 'empty' },
    });
    const small: MediaLimits = { maxBytes: 5, types: ['image/jpeg'] };
    expect(checkMedia(jpeg, small)).toMatchObject({
      ok: false,
      error: { code: 'too_large', message: expect.stringContaining('au plus') },
    });
    expect(checkMedia(jpeg.subarray(0, 5), small)).toEqual({ ok: true, value: 'image/jpeg' });
  });
});
