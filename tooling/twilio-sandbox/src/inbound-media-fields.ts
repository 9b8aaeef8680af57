import type { InboundMedia } from './inbound.ts';
import { samplePhotoPng } from './sample-photo.ts';

/**
 * The media of a `POST /_sandbox/inbound`: JSON `media: [{ contentType, data (base64) }]`, the
 * inbox form's chosen file (`mediaContentType` + `mediaBase64`, filled by the page's script), or
 * its "sample photo" box (`samplePhoto=1`: a generated PNG). Undefined when none.
 */
export function readInboundMediaFields(
  source: Record<string, unknown>,
): InboundMedia[] | undefined {
  if (Array.isArray(source.media)) {
    return source.media.map((m) => {
      const item = (m ?? {}) as { contentType?: unknown; data?: unknown };
      return { contentType: String(item.contentType ?? ''), data: String(item.data ?? '') };
    });
  }
  if (typeof source.mediaBase64 === 'string' && source.mediaBase64 !== '') {
    return [{ contentType: String(source.mediaContentType ?? ''), data: source.mediaBase64 }];
  }
  if (source.samplePhoto === '1' || source.samplePhoto === true) {
    return [{ contentType: 'image/png', data: samplePhotoPng() }];
  }
  return undefined;
}
