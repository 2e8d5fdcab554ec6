/** Every family's smoke checks, in the order they run. Adding a family: write its module, add it here. */
import type { SmokeFamily } from "../smoke-family.js";
import { agentsSmoke } from "./agents/index.js";
import { controllerSmoke } from "./controller/index.js";
import { inferenceSmoke } from "./inference/index.js";
import { ondemandSmoke } from "./ondemand/index.js";

export const SMOKE_FAMILIES: readonly SmokeFamily[] = [
  ondemandSmoke,
  controllerSmoke,
  inferenceSmoke,
  agentsSmoke,
];
