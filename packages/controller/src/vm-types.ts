/** The VM type catalog (platform host, public) with each type's hourly price where the catalog has one. */
import { callSettingsHeaders } from "@theta/core";
import { bodyOf, finiteNumber, jsonAnswer, recordsOf, unexpectedAnswer } from "./answers.js";
import type { ControllerContext } from "./context.js";
import type { components } from "./generated/schema.js";
import { checkId, VM_ID } from "./ids.js";
import type { RequestOptions } from "./request-options.js";

/** A VM type as the API sends it, plus `priceHourUsd`: `price_hour` as a number (unverified as USD per hour). */
export type VmType = components["schemas"]["VmType"] & {
  /** `price_hour` read as a number; absent when the catalog has no usable price for the type. */
  readonly priceHourUsd?: number;
};

export interface VmTypesResource {
  /** Every VM type (public: no API key needed). */
  list(options?: RequestOptions): Promise<VmType[]>;
  /** One VM type by id (`vm_...`) from the catalog, or undefined when it is not listed. */
  find(vmId: string, options?: RequestOptions): Promise<VmType | undefined>;
}

/** Container keys a VM list could use; the envelope was never shown (theta-api.md §2.5). */
const LIST_KEYS = ["vms", "vm_types", "vmTypes", "machine_types", "resources", "items"] as const;

function withPrice(record: Record<string, unknown>): VmType {
  const price = finiteNumber(record.price_hour);
  const vmType = record as VmType;
  return price !== undefined && price >= 0 ? { ...vmType, priceHourUsd: price } : vmType;
}

export function createVmTypes(ctx: ControllerContext): VmTypesResource {
  const list = async (options: RequestOptions = {}): Promise<VmType[]> => {
    const { data } = await ctx.platform().GET("/resource/vm/list", {
      parseAs: "text",
      signal: options.signal,
      headers: callSettingsHeaders(options),
    });
    const records = recordsOf(bodyOf(jsonAnswer("listVmTypes", data)), LIST_KEYS);
    if (!records) throw unexpectedAnswer("listVmTypes", "no list of VM types in body");
    return records.map(withPrice);
  };
  return {
    list,
    async find(vmId, options) {
      checkId(vmId, VM_ID, { field: "vmId" });
      return (await list(options)).find((vmType) => vmType.id === vmId);
    },
  };
}
