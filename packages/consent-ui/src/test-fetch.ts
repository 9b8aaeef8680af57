/** One request a {@link fakeFetch} received. */
export interface SeenRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

/** An answer: a JSON body with a status (and headers), raw text, or a thrown error. */
export type FakeAnswer =
  | { status: number; json: unknown; headers?: Record<string, string> }
  | { status: number; text: string; headers?: Record<string, string> }
  | { throws: Error }
  | { hang: true };

/**
 * A `fetch` for tests: records every request and answers from `answers` in turn (the last one
 * repeats). `hang` never answers until the request is aborted.
 */
export function fakeFetch(...answers: FakeAnswer[]) {
  const seen: SeenRequest[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    const text = typeof init?.body === 'string' ? init.body : undefined;
    seen.push({
      url: String(input),
      method: init?.method ?? 'GET',
      headers,
      body: text === undefined ? undefined : JSON.parse(text),
    });
    const answer = answers[Math.min(seen.length - 1, answers.length - 1)];
    if (!answer) throw new Error('fakeFetch: no answer configured');
    if ('throws' in answer) throw answer.throws;
    if ('hang' in answer) {
      return new Promise((_, reject) => {
        init?.signal?.addEventListener('abort', () =>
          reject(new DOMException('The operation was aborted.', 'AbortError')),
        );
      });
    }
    if ('json' in answer) {
      return new Response(JSON.stringify(answer.json), {
        status: answer.status,
        headers: { 'content-type': 'application/json', ...answer.headers },
      });
    }
    return new Response(answer.text, { status: answer.status, headers: answer.headers });
  };
  return { fetch: fetch as typeof globalThis.fetch, seen };
}
