/**
 * What core's operation call buys over the typed openapi-fetch client, on the catalog route: the
 * same family client, the same transport and policy; one side calls `api.GET("/service/list")`, the
 * other `callText(listServices)` + `JSON.parse`. This is the measured reason the catalog and chat
 * paths of `@theta/ondemand` use the operation call.
 */
import { createFamilyClient, FAMILIES, type OperationsTable } from "@theta/core";
import { formatNumber, isNoisy, type Row } from "./row.js";
import { startSimulatorProcess } from "./servers.js";
import { interleaved, median } from "./stats.js";

const WARMUP_CALLS = 2000;
const ROUNDS = 3000;

const TABLE = {
  listServices: {
    operationId: "listServices",
    method: "GET",
    path: "/service/list",
    public: true,
    mutating: false,
    billable: false,
    idempotent: true,
  },
} as const satisfies OperationsTable;

interface CatalogPaths {
  "/service/list": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get: {
      parameters: { query?: never; header?: never; path?: never; cookie?: never };
      requestBody?: never;
      responses: { 200: { headers: { [name: string]: unknown }; content: { "application/json": unknown } } };
    };
  };
}

export async function benchOperationCall(): Promise<Row> {
  const simulator = await startSimulatorProcess();
  try {
    const family = createFamilyClient<CatalogPaths>(FAMILIES.ondemand, TABLE, {
      baseUrl: simulator.url,
      allowInsecureLoopback: true,
      env: {},
    });
    const operationCall = async () => {
      const { text } = await family.callText(TABLE.listServices);
      JSON.parse(text);
    };
    const typed = async () => {
      await family.api.GET("/service/list", {});
    };
    const typedAgain = async () => {
      await family.api.GET("/service/list", {});
    };
    for (let i = 0; i < WARMUP_CALLS; i++) {
      await operationCall();
      await typed();
      await typedAgain();
    }
    const [a, b, c] = await interleaved(ROUNDS, [operationCall, typed, typedAgain]);
    const ratio = median(a!) / median(b!);
    const control = median(c!) / median(b!);
    return {
      name: "catalog: core operation call vs typed openapi-fetch client (latency per call)",
      sdk: `${formatNumber(median(a!), 3)} ms`,
      baseline: `${formatNumber(median(b!), 3)} ms`,
      ratio: `${formatNumber(ratio)}x`,
      control: `${formatNumber(control)}x`,
      target: "< 1.00x (it must buy something)",
      pass: ratio < 1,
      noisy: isNoisy(control),
    };
  } finally {
    simulator.close();
  }
}
