import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type PageSlice, readPageRequest, slicePage } from './paging.ts';

describe('slicePage', () => {
  it('visits every item exactly once when following next tokens, and back with previous tokens', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1, max: 9 }),
        (count, pageSize) => {
          const items = Array.from({ length: count }, (_, i) => `SM${i}`);
          const seen: string[] = [];
          const pages: string[][] = [];
          let token: string | null = null;
          for (let page = 0; page < 100; page++) {
            const slice: PageSlice<string> = slicePage(items, (s) => s, { pageSize, page, token });
            seen.push(...slice.items);
            pages.push(slice.items);
            if (page > 0) {
              const back = slicePage(items, (s) => s, {
                pageSize,
                page: page - 1,
                token: slice.previousToken,
              });
              expect(back.items).toEqual(pages[page - 1]);
            }
            if (!slice.nextToken) break;
            token = slice.nextToken;
          }
          expect(seen).toEqual(items);
        },
      ),
    );
  });

  it('stays on the same items when new ones arrive at the head', () => {
    const items = ['SM5', 'SM4', 'SM3', 'SM2', 'SM1'];
    const first = slicePage(items, (s) => s, { pageSize: 2, page: 0, token: null });
    const grown = ['SM7', 'SM6', ...items];
    const second = slicePage(grown, (s) => s, { pageSize: 2, page: 1, token: first.nextToken });
    expect(second.items).toEqual(['SM3', 'SM2']);
  });
});

describe('readPageRequest', () => {
  it.each([
    ['', { pageSize: 50, page: 0, token: null }],
    ['PageSize=1000&Page=3&PageToken=PASM1', { pageSize: 1000, page: 3, token: 'PASM1' }],
    ['PageSize=0', null],
    ['PageSize=1001', null],
    ['Page=-1', null],
    ['PageSize=abc', null],
  ])('%s', (query, expected) => {
    expect(readPageRequest(new URLSearchParams(query))).toEqual(expected);
  });
});
