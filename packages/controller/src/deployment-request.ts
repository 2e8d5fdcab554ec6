/**
 * The create-deployment body: the spec's `DeploymentCreate` with `project_id` filled from the client,
 * checked before anything is sent (a wrong body of a billable call must never cost money).
 */
import { ThetaValidationError, type ValidationIssue } from "@theta/core";
import type { components } from "./generated/schema.js";
import { idProblem, TEMPLATE_ID, VM_ID } from "./ids.js";
import type { Without } from "./without.js";

type DeploymentCreateBody = components["schemas"]["DeploymentCreate"];

/** What `deployments.create` takes: the API's fields (snake_case); `project_id` defaults to the client's. */
export type CreateDeploymentRequest = Without<DeploymentCreateBody, "project_id"> & { project_id?: string };

function integerProblem(value: unknown, minimum: number): string | undefined {
  if (value === undefined) return undefined;
  return typeof value === "number" && Number.isInteger(value) && value >= minimum
    ? undefined
    : `must be an integer of at least ${minimum}`;
}

function stringMapProblem(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== "object" || Array.isArray(value)) return "must be an object";
  const bad = Object.entries(value).find(([, entry]) => typeof entry !== "string");
  return bad ? `must map names to strings (${bad[0]} is not a string)` : undefined;
}

/** Every problem of the body, each naming the field and the fix (empty when it can be sent). */
export function createRequestIssues(request: CreateDeploymentRequest): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const add = (field: string, message: string, fix: string): void => {
    issues.push({ field, message: `${field} ${message}`, fix });
  };
  if (request === null || typeof request !== "object" || Array.isArray(request)) {
    add("request", "must be an object", "pass { vm_id, deployment_template_id or container_image, ... }");
    return issues;
  }
  const vmProblem = idProblem(request.vm_id, VM_ID);
  if (vmProblem) add("vm_id", vmProblem, "pass a VM type id from vmTypes.list(), e.g. vm_gt1");
  if (request.deployment_template_id !== undefined) {
    const problem = idProblem(request.deployment_template_id, TEMPLATE_ID);
    if (problem)
      add(
        "deployment_template_id",
        problem,
        "pass a template id from templates.listStandard(), e.g. img_...",
      );
  } else if (typeof request.container_image !== "string" || request.container_image.trim() === "") {
    add(
      "deployment_template_id",
      "is missing and so is container_image",
      "pass deployment_template_id (a template, img_...) or container_image (an image reference)",
    );
  }
  const minProblem = integerProblem(request.min_replicas, 0);
  if (minProblem) add("min_replicas", minProblem, "pass a whole number such as 1");
  const maxProblem = integerProblem(request.max_replicas, 1);
  if (maxProblem) add("max_replicas", maxProblem, "pass a whole number such as 1");
  if (
    !minProblem &&
    !maxProblem &&
    request.min_replicas !== undefined &&
    request.max_replicas !== undefined &&
    request.max_replicas < request.min_replicas
  ) {
    add("max_replicas", "is below min_replicas", "make max_replicas at least min_replicas");
  }
  for (const field of ["env_vars", "annotations"] as const) {
    const problem = stringMapProblem(request[field]);
    if (problem) add(field, problem, `pass ${field} as { NAME: "value" }`);
  }
  const hasUser = typeof request.auth_username === "string" && request.auth_username !== "";
  const hasPassword = typeof request.auth_password === "string" && request.auth_password !== "";
  if (hasUser !== hasPassword) {
    add(
      hasUser ? "auth_password" : "auth_username",
      "is missing: Basic auth needs both auth_username and auth_password",
      "pass both, or neither (the endpoint is then public)",
    );
  }
  return issues;
}

/** Throws ThetaValidationError naming the first problem (all of them in `issues`). */
export function checkCreateRequest(request: CreateDeploymentRequest): void {
  const issues = createRequestIssues(request);
  const first = issues[0];
  if (!first) return;
  throw new ThetaValidationError({ field: first.field, message: first.message, fix: first.fix, issues });
}
