import { type CredentialValues, createFamilyClient, FAMILIES, type FamilySpec } from "@theta/core";
import type { InputFor, OutputFor, ServiceName } from "./catalog.js";
import { type ChatResource, createChat } from "./chat.js";
import { createPriceBook, type OndemandContext } from "./context.js";
import { ondemandOperations } from "./generated/operations.js";
import type { paths } from "./generated/schema.js";
import { estimateCostUsd } from "./pricing.js";
import { createInfer, createRequests, type RequestsResource } from "./requests.js";
import { createServices, type ServicesResource } from "./services.js";
import type { InferOptions, InferResult, OndemandClientOptions } from "./types.js";
import { createUploads, type UploadsResource } from "./uploads.js";
import { requireString, withDefaults } from "./validate.js";

/** The on-demand family: credential `apiToken` and base-URL variables, from `@theta/core`. */
export const ONDEMAND_FAMILY: FamilySpec = FAMILIES.ondemand;

export interface OndemandClient {
  /** Normalized base URL (no trailing slash). */
  readonly baseUrl: string;
  readonly services: ServicesResource;
  /**
   * Runs a service. Known services take exactly their catalog's inputs and give a typed output
   * (`(await infer("flux", { prompt: "..." })).output?.image_url`). The untyped call, for a service the
   * catalog does not know yet or an input field it does not list: `infer<string>(service, input)`
   * (or a `string`-typed service). Validated before sending; priced by the budget guard; blocked by dry-run.
   */
  infer<S extends string>(
    service: S & ServiceName<S>,
    input: InputFor<S>,
    options?: InferOptions,
  ): Promise<InferResult<OutputFor<S>>>;
  readonly requests: RequestsResource;
  readonly uploads: UploadsResource;
  readonly chat: ChatResource;
  /** What a call would cost at most, in USD (the estimate the budget guard reserves). */
  estimateCostUsd(service: string, input: unknown, options?: { prediction?: string }): Promise<number>;
}

/**
 * Creates a client for the on-demand model API.
 *
 * Token: `apiToken`, else the secret provider / `THETA_ONDEMAND_API_TOKEN` / `THETA_ONDEMAND_API_KEY` /
 * `THETA_API_KEY`. Base URL: `baseUrl`, else `THETA_ONDEMAND_API_BASE_URL` / `THETA_API_BASE_URL`, else
 * `https://ondemand.thetaedgecloud.com`. `services.list()` works without a token; every other call
 * needs one and fails with ThetaConfigError before any request when it is missing.
 */
export function createOndemandClient(options: OndemandClientOptions = {}): OndemandClient {
  const { apiToken, ...rest } = options;
  const credentials: CredentialValues = { apiToken };
  const family = createFamilyClient<paths>(ONDEMAND_FAMILY, ondemandOperations, { ...rest, credentials });
  const prices = createPriceBook();
  const ctx: OndemandContext = {
    family,
    options,
    ...prices,
  };
  const requests = createRequests(ctx);
  const infer = createInfer(ctx);
  return {
    baseUrl: family.baseUrl,
    services: createServices(ctx),
    // The run-time result is the same object for every service; its output type is the catalog's.
    infer: <S extends string>(service: S & ServiceName<S>, input: InputFor<S>, inferOptions?: InferOptions) =>
      infer(service, input, inferOptions) as Promise<InferResult<OutputFor<S>>>,
    requests,
    uploads: createUploads(ctx),
    chat: createChat(ctx, requests),
    async estimateCostUsd(service, input, estimateOptions = {}) {
      requireString(service, "service", 'pass a service alias such as "flux"');
      const record = input !== null && typeof input === "object" ? (input as Record<string, unknown>) : {};
      const withSdkDefaults = withDefaults(service, record);
      return estimateCostUsd(
        service,
        withSdkDefaults,
        ctx.price(service, withSdkDefaults, estimateOptions.prediction),
      );
    },
  };
}
