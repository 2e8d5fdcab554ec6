import { closeNames, ThetaApiError } from "@theta/core";
import { SERVICE_CATALOG, serviceSpec } from "./catalog.js";

/**
 * A 404 for a service the catalog does not know is most likely a misspelled alias: the error then
 * names the close aliases, as an unknown command does. Any other error is returned as it is.
 */
export function withServiceSuggestions(error: unknown, service: string): unknown {
  if (!ThetaApiError.isInstance(error) || error.status !== 404 || serviceSpec(service) !== undefined)
    return error;
  const close = closeNames(service, Object.keys(SERVICE_CATALOG));
  const list = "the service list (services.list()) shows every alias";
  return new ThetaApiError({
    status: error.status,
    code: error.code,
    ...(error.operationId === undefined ? {} : { operationId: error.operationId }),
    ...(error.requestId === undefined ? {} : { requestId: error.requestId }),
    ...(error.body === undefined ? {} : { body: error.body }),
    retriable: false,
    serverMessage: `no service "${service}"`,
    fix:
      close.length > 0
        ? `Did you mean ${close.map((alias) => `"${alias}"`).join(", ")}? ${list}`
        : `Check the alias: ${list}`,
    cause: error,
  });
}
