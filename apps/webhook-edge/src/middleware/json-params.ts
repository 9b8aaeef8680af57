import type { TwilioParams } from '../signature/index.ts';

function scalar(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * The fields of a JSON webhook body (`bodySHA256` variant) as {@link TwilioParams}: strings
 * as they are, numbers/booleans as text, `null` as `''`, arrays as string arrays, nested
 * objects as their JSON. `null` when the body is not a JSON object.
 */
export function paramsFromJson(body: string): TwilioParams | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const params: TwilioParams = Object.create(null);
  for (const [name, value] of Object.entries(parsed)) {
    params[name] = Array.isArray(value) ? value.map(scalar) : scalar(value);
  }
  return params;
}
