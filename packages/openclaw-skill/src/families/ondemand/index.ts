/**
 * The on-demand family module: the `@theta/ondemand` client, the `theta.ondemand.*` commands and
 * their MCP-vocabulary aliases, the capability probe, the setup questions and the generated texts.
 */
import { createOndemandClient, type OndemandClient } from "@theta/ondemand";
import type { FamilyModule } from "../../family-module.js";
import { mcpVocabularyAliases } from "./aliases.js";
import { listServicesCommand } from "./catalog.js";
import { chatCommand } from "./chat.js";
import type { OndemandCommandResults } from "./command-results.js";
import { ondemandGuide } from "./guide.js";
import { ondemandProbe } from "./probe.js";
import { inferCommand, pollUntilDoneCommand, statusCommand } from "./requests.js";
import { ondemandSetup } from "./setup.js";
import { inputPresignedUrlsCommand, uploadCommand } from "./uploads.js";

export { DEFAULT_CHAT_SERVICE } from "./chat.js";
export type { ChatCommandResult, OndemandCommandResults, RequestCommandResult } from "./command-results.js";
export { ONDEMAND_PROBE_REQUEST_ID } from "./probe.js";

// Annotated: the built-in client map is derived from this module's type, which must not depend on its commands.
export const ondemandModule: FamilyModule<"ondemand", OndemandClient, OndemandCommandResults> = {
  family: "ondemand",
  createClient: (options) => createOndemandClient(options),
  commands: [
    listServicesCommand,
    inferCommand,
    statusCommand,
    pollUntilDoneCommand,
    inputPresignedUrlsCommand,
    uploadCommand,
    chatCommand,
    ...mcpVocabularyAliases,
  ],
  probe: ondemandProbe,
  setup: ondemandSetup,
  guide: ondemandGuide,
};
