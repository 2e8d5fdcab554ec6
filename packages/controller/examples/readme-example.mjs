import { randomUUID } from "node:crypto";
import { createControllerClient } from "@theta/controller";
import { createBudgetGuard } from "@theta/core";

// Key, project and organization come from THETA_EC_API_KEY, THETA_EC_PROJECT_ID and THETA_ORG_ID.
// A deployment bills by the hour until it is deleted: the budget guard reserves price x hours first.
const theta = createControllerClient({ budget: createBudgetGuard({ capUsd: 2 }) });

// 1. What a T4 costs per hour, and a template to run on it.
const t4 = await theta.vmTypes.find("vm_gt1");
console.log(`vm_gt1: $${t4?.priceHourUsd}/h`);
const { templates } = await theta.templates.listStandard({ category: "serving" });
console.log("first serving template:", templates[0]?.name);

// 2. Create a dedicated deployment with Basic auth, for at most one hour.
const deployment = await theta.deployments.create(
  {
    deployment_template_id: templates[0]?.id,
    vm_id: "vm_gt1",
    auth_username: "demo",
    auth_password: randomUUID(),
  },
  { expectedHours: 1 },
);
try {
  console.log("endpoint:", deployment.endpoint, `(shard ${deployment.shard}, suffix ${deployment.suffix})`);
  const dedicated = await theta.deployments.listDedicated();
  console.log("dedicated deployments:", dedicated.length);
} finally {
  // 3. Delete it: billing stops.
  await theta.deployments.delete(deployment);
}

const { balance } = await theta.billing.balanceSnapshot();
console.log("balance:", balance);
