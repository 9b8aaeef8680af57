/**
 * The parameters of a Twilio webhook request: one string per name, or every value in
 * arrival order when a name is repeated (Twilio sends repeated names, e.g. for some
 * list-valued fields, and signs each of them).
 */
export type TwilioParams = Record<string, string | string[]>;

/**
 * Reads an `application/x-www-form-urlencoded` body into {@link TwilioParams}, keeping
 * repeated names as arrays (`URLSearchParams` keeps them; Hono's `parseBody()` would not
 * without `{ all: true }`).
 */
export function paramsFromForm(body: string): TwilioParams {
  const params: TwilioParams = Object.create(null);
  for (const [name, value] of new URLSearchParams(body)) {
    const seen = params[name];
    if (seen === undefined) params[name] = value;
    else if (Array.isArray(seen)) seen.push(value);
    else params[name] = [seen, value];
  }
  return params;
}
