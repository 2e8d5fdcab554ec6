import type { SimulatedFamilyName } from "../../index.js";
import { agentsScenarios } from "./agents.js";
import { controllerScenarios } from "./controller.js";
import { inferenceScenarios } from "./inference.js";
import { ondemandScenarios } from "./ondemand.js";
import type { ConformanceScenario } from "./scenario.js";

/** The conformance scenarios of every simulated family (a family module without them fails the tests). */
export const CONFORMANCE_SCENARIOS: {
  readonly [Family in SimulatedFamilyName]: readonly ConformanceScenario[];
} = {
  ondemand: ondemandScenarios,
  agents: agentsScenarios,
  controller: controllerScenarios,
  inference: inferenceScenarios,
};
