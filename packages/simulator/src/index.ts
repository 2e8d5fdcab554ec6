export { createManualClock } from "./clock.js";
export type {
  InputVar,
  InputVarType,
  OutputVar,
  Prediction,
  Service,
  VariantTemplate,
} from "./families/ondemand/catalog.js";
export { SIMULATOR_CHAT_MODELS, SIMULATOR_SERVICE_ALIASES } from "./families/ondemand/catalog.js";
export { CAPACITY_MESSAGE } from "./families/ondemand.js";
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
export { PRESIGNED_URL_EXPIRES_SECONDS } from "./storage.js";
export type {
  CostShape,
  ErrorField,
  FaultController,
  FaultRule,
  InferRequestSummary,
  ManualClock,
  PresignedShape,
  RequestLogEntry,
  Simulator,
  SimulatorBaseUrls,
  SimulatorClock,
  SimulatorFamily,
  SimulatorOptions,
  SimulatorState,
  SimulatorTiming,
  UploadInfo,
} from "./types.js";
