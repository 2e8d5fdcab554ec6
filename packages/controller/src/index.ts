/**
 * @theta/controller — typed client for the Theta EdgeCloud controller and platform APIs.
 */

export { PROJECT_MISMATCH } from "./access-errors.js";
export { type GeneratedBasicAuth, generateBasicAuth } from "./basic-auth.js";
export type { BalanceOptions, BalanceSnapshot, BillingResource } from "./billing.js";
export { CONTROLLER_ACCEPT, CONTROLLER_USER_AGENT } from "./browser-headers.js";
export {
  CONTROLLER_FAMILY,
  type ControllerClient,
  type ControllerClientOptions,
  createControllerClient,
} from "./client.js";
export type { DeploymentAuth, DeploymentHandle } from "./deployment-handle.js";
export { type CreateDeploymentRequest, createRequestIssues } from "./deployment-request.js";
export type { DeploymentReservation, DeploymentSpendOptions } from "./deployment-spend.js";
export {
  type CreateDeploymentOptions,
  type DeploymentRef,
  type DeploymentsResource,
  GPU_NODE_TEMPLATE_NAME,
  JUPYTER_TEMPLATE_NAME,
  type LifecycleResult,
  type ListDeploymentsOptions,
  type RouteProbeEntry,
  type RouteProbeReport,
} from "./deployments.js";
export type {
  DisposableDeployment,
  DisposableReport,
  DisposableStep,
  DisposableStepRecord,
} from "./disposable-report.js";
export { type ValidateDisposableOptions, validateDisposable } from "./disposable-validation.js";
export { DisposableValidationError } from "./disposable-validation-error.js";
export {
  type InferenceOperationsId,
  inferenceOperations,
} from "./generated/inference/operations.js";
export { type ControllerOperationsId, controllerOperations } from "./generated/operations.js";
export type { components, operations, paths } from "./generated/schema.js";
export type { GradioPrediction, GradioPredictRequest } from "./gradio.js";
export type { InferenceCallOptions } from "./inference-call-options.js";
export type { InferenceChatRequest } from "./inference-chat.js";
export {
  createInferenceClient,
  INFERENCE_FAMILY,
  type InferenceAuth,
  type InferenceClient,
  type InferenceClientOptions,
} from "./inference-client.js";
export type { InferenceModel } from "./inference-models.js";
export {
  DEFAULT_READY_INTERVAL_MS,
  DEFAULT_READY_TIMEOUT_MS,
  type ProbeOutcome,
  type ReadinessProbe,
  type ReadyOptions,
  type ReadyProgress,
  type ReadyReport,
  WARMUP_STATUSES,
} from "./inference-ready.js";
export type {
  ClustersResource,
  ResourceList,
  VolumeListOptions,
  VolumesResource,
} from "./project-resources.js";
export type { Project, ProjectMember, ProjectRole, ProjectsResource } from "./projects.js";
export type { RequestOptions } from "./request-options.js";
export type { Route, RouteAction, RouteStyle } from "./route-fallback.js";
export type {
  CustomTemplateChanges,
  CustomTemplateInput,
  DeploymentTemplate,
  PageOptions,
  StandardTemplateOptions,
  TemplatePage,
  TemplatesResource,
} from "./templates.js";
export type { VmType, VmTypesResource } from "./vm-types.js";
