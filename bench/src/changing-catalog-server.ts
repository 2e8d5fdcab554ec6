/**
 * A catalog that changes on every call (`node changing-catalog-server.js CATALOG_FILE`): it answers
 * `GET /service/list` with the catalog in the file (as the simulator answered it), the first service's
 * default prediction instructions ending in the number of the call. Nothing made from one answer can
 * be reused for the next, so the MCP row run against it shows what a new answer costs. Prints its
 * base URL on stdout.
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

interface Catalog {
  body: {
    services: { default_prediction?: string; predictions: Record<string, { instructions?: string }> }[];
  };
}

const file = process.argv[2];
if (file === undefined) {
  console.error("usage: changing-catalog-server.js CATALOG_FILE");
  process.exit(2);
}
const catalog = JSON.parse(readFileSync(file, "utf8")) as Catalog;
const first = catalog.body.services[0];
const prediction = first?.predictions[first.default_prediction ?? Object.keys(first.predictions)[0] ?? ""];
if (prediction === undefined) {
  console.error("changing-catalog-server: the catalog's first service has no default prediction");
  process.exit(2);
}
const instructions = prediction.instructions ?? "";
let calls = 0;

const server = createServer((request, response) => {
  if (request.method !== "GET" || !request.url?.startsWith("/service/list")) {
    response.writeHead(404).end();
    return;
  }
  calls++;
  prediction.instructions = `${instructions} Call ${calls}.`;
  const body = JSON.stringify(catalog);
  response.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  response.end(body);
});
server.listen(0, "127.0.0.1", () => {
  console.log(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
