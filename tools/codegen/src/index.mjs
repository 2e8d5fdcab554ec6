// The generator as a library: render or write one spec anywhere, or the whole workspace.
export { analyzeSpec } from "./analyze.mjs";
export { apiName, generateSpec, generateWorkspace, renderSpec, specPackage } from "./generate.mjs";
export { SpecError } from "./spec-error.mjs";
