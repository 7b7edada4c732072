/**
 * A provider's paginated list as an async iterator: `for await (const item of list)` walks every
 * page, asking for the next one only when the previous is used up, so a caller who stops early
 * sends no more requests. `pages()` walks whole pages with their totals; `page(n)` fetches one.
 */

/** One page as the provider numbered it (1-based). */
export interface Page<T> {
  readonly items: readonly T[];
  readonly page: number;
  /** The provider's page size. */
  readonly limit: number;
  /** Every item the list holds, on all pages. */
  readonly total: number;
  readonly pages: number;
}

export interface PaginatedList<T> extends AsyncIterable<T> {
  /** Every page from the first asked for, in order. */
  pages(): AsyncIterable<Page<T>>;
  /** One page; `page(1)` is the first. */
  page(number: number): Promise<Page<T>>;
  /** Reads every item into an array (mind the size of the list). */
  toArray(): Promise<T[]>;
}

/** At most this many pages are read in one walk: a provider that never says "last" cannot loop us forever. */
export const MAX_PAGES = 10_000;

export function paginatedList<T>(
  fetchPage: (page: number) => Promise<Page<T>>,
  firstPage = 1,
): PaginatedList<T> {
  async function* pages(): AsyncGenerator<Page<T>> {
    for (let number = firstPage, read = 0; read < MAX_PAGES; number++, read++) {
      const page = await fetchPage(number);
      yield page;
      // An empty page, or the last one the provider counted, ends the walk.
      if (page.items.length === 0 || number >= page.pages) return;
    }
  }
  async function* items(): AsyncGenerator<T> {
    for await (const page of pages()) yield* page.items;
  }
  return {
    [Symbol.asyncIterator]: () => items(),
    pages: () => pages(),
    page: (number) => fetchPage(number),
    async toArray() {
      const all: T[] = [];
      for await (const item of items()) all.push(item);
      return all;
    },
  };
}
