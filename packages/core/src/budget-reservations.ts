/**
 * Which billable requests hold a budget reservation. A family client with a budget guard refuses to
 * send a billable operation that does not carry an open reservation: a facade that forgot the guard
 * fails in its tests, not in a bill. The reservation travels as a request header that the transport
 * strips before sending.
 */
export const RESERVATION_HEADER = "x-theta-budget-reservation";

export interface ReservationRegistry {
  /** Opens a reservation mark; `close` it when the call has settled. */
  open(): string;
  close(id: string): void;
  isOpen(id: string | null): boolean;
}

export function createReservationRegistry(): ReservationRegistry {
  const open = new Set<string>();
  let counter = 0;
  const prefix = Math.random().toString(36).slice(2, 10);
  return {
    open() {
      counter++;
      const id = `${prefix}-${counter}`;
      open.add(id);
      return id;
    },
    close(id) {
      open.delete(id);
    },
    isOpen(id) {
      return id !== null && open.has(id);
    },
  };
}
