import type { CheckRow } from "./check-row.js";

const usd = (n: number) => (n > 0 && n < 0.01 ? `$${n.toFixed(6)}` : `$${n.toFixed(4)}`);
const ms = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${Math.round(n)} ms`);

export function renderTable(rows: readonly CheckRow[]): string {
  const header = ["service", "check", "state", "latency", "cost", "total spend", "detail"];
  const body = rows.map((r) => [
    r.service,
    r.check,
    `${r.ok ? "ok" : "FAIL"} ${r.state}`,
    ms(r.latencyMs),
    usd(r.costUsd),
    usd(r.totalSpendUsd),
    r.detail.length > 60 ? `${r.detail.slice(0, 57)}...` : r.detail,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n");
}
