/**
 * The controller family module: the `@theta/controller` client, the `theta.deployments.*`,
 * `theta.ai.*` (deployment views, clusters, storage) and `theta.billing.*` commands, the capability
 * probe, the setup questions and the generated texts.
 */
import { type ControllerClient, createControllerClient } from "@theta/controller";
import type { FamilyModule } from "../../family-module.js";
import { balanceCommand, balanceSnapshotCommand } from "./billing.js";
import { listCustomTemplatesCommand, listStandardTemplatesCommand, listVmTypesCommand } from "./catalog.js";
import {
  createDeploymentCommand,
  deleteDeploymentCommand,
  startDeploymentCommand,
  stopDeploymentCommand,
} from "./deployment-lifecycle.js";
import {
  listDedicatedDeploymentsCommand,
  listDeploymentsCommand,
  listGpuNodesCommand,
  listJupyterCommand,
  routeProbeCommand,
} from "./deployment-lists.js";
import { validateDisposableCommand } from "./disposable-validation.js";
import { controllerGuide } from "./guide.js";
import { controllerProbe } from "./probe.js";
import { listGpuClustersCommand, listStorageCommand } from "./project-resources.js";
import { controllerSetup } from "./setup.js";

// Annotated: the built-in client map is derived from this module's type, which must not depend on its commands.
export const controllerModule: FamilyModule<"controller", ControllerClient> = {
  family: "controller",
  createClient: (options) => createControllerClient(options),
  commands: [
    listDeploymentsCommand,
    routeProbeCommand,
    createDeploymentCommand,
    startDeploymentCommand,
    stopDeploymentCommand,
    deleteDeploymentCommand,
    validateDisposableCommand,
    listVmTypesCommand,
    listStandardTemplatesCommand,
    listCustomTemplatesCommand,
    listDedicatedDeploymentsCommand,
    listJupyterCommand,
    listGpuNodesCommand,
    listGpuClustersCommand,
    listStorageCommand,
    balanceCommand,
    balanceSnapshotCommand,
  ],
  probe: controllerProbe,
  setup: controllerSetup,
  guide: controllerGuide,
};
