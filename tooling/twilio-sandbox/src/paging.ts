/** A list request's paging parameters (`PageSize`, `Page`, `PageToken`). */
export interface PageRequest {
  pageSize: number;
  page: number;
  token: string | null;
}

/** One page cut from a list, with the tokens of its neighbours. */
export interface PageSlice<T> {
  items: T[];
  /** Index of the first item in the whole list. */
  start: number;
  nextToken: string | null;
  previousToken: string | null;
}

/** Reads `PageSize` (1–1000, default 50), `Page` (≥ 0) and `PageToken`; null when malformed. */
export function readPageRequest(query: URLSearchParams): PageRequest | null {
  const size = query.get('PageSize');
  const page = query.get('Page');
  const pageSize = size === null ? 50 : Number(size);
  const pageIndex = page === null ? 0 : Number(page);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) return null;
  if (!Number.isInteger(pageIndex) || pageIndex < 0) return null;
  return { pageSize, page: pageIndex, token: query.get('PageToken') };
}

/**
 * Cuts a page the way Twilio's tokens do: `PA<sid>` = the items after that one, `PB<sid>` = the
 * page before it; without a token, `Page × PageSize` items are skipped. Stable while new items
 * arrive at the head of a newest-first list.
 */
export function slicePage<T>(
  items: readonly T[],
  sidOf: (item: T) => string,
  request: PageRequest,
): PageSlice<T> {
  const { pageSize, page, token } = request;
  let from = page * pageSize;
  if (token) {
    const anchor = items.findIndex((item) => sidOf(item) === token.slice(2));
    if (anchor !== -1) from = token.startsWith('PB') ? Math.max(0, anchor - pageSize) : anchor + 1;
  }
  const slice = items.slice(from, from + pageSize);
  const last = slice.at(-1);
  const first = slice[0];
  return {
    items: slice,
    start: from,
    nextToken: last && from + pageSize < items.length ? `PA${sidOf(last)}` : null,
    previousToken: first && from > 0 ? `PB${sidOf(first)}` : null,
  };
}
