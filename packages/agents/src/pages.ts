/**
 * Paging: the API pages lists by `page` (from 0) and `number` (page size). One call reads one page;
 * `pages()` walks them as an async iterator, one request per page, stopping at the last one.
 */
import { ThetaValidationError } from "@theta/core";
import type { RequestOptions } from "./request-options.js";

export interface PageOptions extends RequestOptions {
  /** Page index, from 0. Default 0. */
  page?: number;
  /** Page size. Default: the API's (30 for documents in the official example). */
  number?: number;
}

/** One page of a list. */
export interface Page<Item> {
  readonly items: readonly Item[];
  /** The page index asked for (from 0). */
  readonly page: number;
  /** Total items in the list, when the API said. */
  readonly totalItems?: number;
  /** Total pages, when the API said. */
  readonly totalPages?: number;
}

/** `page` and `number` checked: whole numbers, page from 0, size from 1. */
export function checkPaging(options: PageOptions): { page: number; number?: number } {
  for (const [field, minimum] of [
    ["page", 0],
    ["number", 1],
  ] as const) {
    const value = options[field];
    if (value !== undefined && (!Number.isInteger(value) || value < minimum)) {
      throw new ThetaValidationError({
        field,
        message: `${field} must be an integer of at least ${minimum}, got ${String(value)}`,
        fix: `pass ${field} as a whole number (${field === "page" ? "the page index, from 0" : "the page size"})`,
      });
    }
  }
  return { page: options.page ?? 0, ...(options.number === undefined ? {} : { number: options.number }) };
}

/** Whether `page` is the last: the totals say so, or it came back shorter than asked (or empty). */
function isLastPage<Item>(page: Page<Item>, size: number): boolean {
  if (page.totalPages !== undefined) return page.page + 1 >= page.totalPages;
  return page.items.length < size;
}

/**
 * Every page from `options.page` (default 0) on, reading the next one only when the caller asks for
 * it. The page size is always sent (`defaultSize` when not given): without totals, a page shorter
 * than it is the last.
 */
export async function* walkPages<Item>(
  options: PageOptions,
  defaultSize: number,
  readPage: (paging: PageOptions & { page: number; number: number }) => Promise<Page<Item>>,
): AsyncGenerator<Page<Item>, void, undefined> {
  const { page: first, number = defaultSize } = checkPaging(options);
  for (let index = first; ; index++) {
    const page = await readPage({ ...options, page: index, number });
    yield page;
    if (isLastPage(page, number)) return;
  }
}
