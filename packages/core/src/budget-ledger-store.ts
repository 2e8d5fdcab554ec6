import { type Books, emptyBooks } from "./budget-books.js";

/** Where the books live: in memory (one process) or in a file ledger (every process using it). */
export interface LedgerStore {
  /**
   * Runs `change` against the current books and keeps what it changed, as one atomic step. `change`
   * may run more than once (when another process changed the books first), so it must do nothing
   * but read and change the books; it may throw, and then nothing is kept.
   */
  update<R>(change: (books: Books) => R): Promise<R>;
  /** A copy of the current books. */
  read(): Promise<Books>;
}

/** Books in this process's memory: each change runs synchronously, so nothing can interleave with it. */
export function memoryLedgerStore(): LedgerStore {
  const books = emptyBooks();
  return {
    update: <R>(change: (books: Books) => R) => {
      try {
        return Promise.resolve(change(books));
      } catch (error) {
        return Promise.reject(error);
      }
    },
    read: () => Promise.resolve(structuredClone(books)),
  };
}
