export { REJECTED_CREDENTIALS } from "./authenticate.js";
export { CAPACITY_MESSAGE } from "./capacity.js";
export { createManualClock } from "./clock.js";
export type { SimulatorCore } from "./core.js";
export * from "./families/index.js";
export type {
  AnyFamilyModule,
  FamilyFlag,
  FamilyInstance,
  FamilyModule,
  HandlersOf,
  RouteHandler,
} from "./families/module.js";
export { defineFamilyModule } from "./families/module.js";
export { MALFORMED_EVENT_INDEX, TRUNCATE_AFTER_EVENTS } from "./http.js";
export {
  type CostSplitUsd,
  costOf,
  estimateTokens,
  priceFor,
  SIMULATOR_PRICES,
  type SimulatorPrice,
  type TokenUsage,
} from "./prices.js";
export { DEFAULT_TIMING, startSimulator } from "./server.js";
export { simulatorEnv } from "./simulator-env.js";
export type { SpecOperation, SpecTable } from "./spec-table.js";
export { PRESIGNED_URL_EXPIRES_SECONDS } from "./storage.js";
export { STORAGE_HOST } from "./storage-host.js";
export type {
  FaultController,
  FaultRule,
  ManualClock,
  RequestLogEntry,
  Simulator,
  SimulatorBaseUrls,
  SimulatorClock,
  SimulatorOptions,
  SimulatorRoute,
  SimulatorServerName,
  SimulatorState,
  SimulatorTiming,
  UploadInfo,
} from "./types.js";
