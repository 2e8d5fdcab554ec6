/** Conformance scenarios of the controller module: every operation of both hosts, every route variant. */
import { expect } from "vitest";
import { createManualClock } from "../../index.js";
import { start } from "../simulator-start.js";
import type { Json } from "./harness.js";
import type { ConformanceScenario } from "./scenario.js";

const LIFECYCLE = [
  "stopDeployment",
  "stopDeploymentByPost",
  "stopDeploymentPlural",
  "stopDeploymentPluralByPost",
  "startDeployment",
  "startDeploymentByPost",
  "startDeploymentPlural",
  "startDeploymentPluralByPost",
] as const;

export const controllerScenarios: readonly ConformanceScenario[] = [
  {
    name: "the compiled schemas reject wrong shapes (so the checks can fail)",
    async run(harness) {
      const balance = harness.responseValidator("getOrganizationBalance", "200", "application/json");
      expect(balance({ body: { balances: [{ org_id: "org_x", balance: "12" }] } })).toBe(false);
      expect(balance({ body: { balances: [{ org_id: "org_x", balance: 12 }] } })).toBe(true);
      const list = harness.responseValidator("listDeployments", "200", "application/json");
      expect(list({ body: { Name: "not a list" } })).toBe(false);
    },
  },
  {
    name: "templates, VM types, clusters, volumes, balance and projects match the spec",
    async run(harness) {
      const sim = await start();
      const { projectId, orgId } = sim.credentials.controller;
      const project = `?project_id=${projectId}`;
      const standard = await harness.call(
        sim,
        "listStandardTemplates",
        {},
        { query: "?category=serving&page=0&number=2" },
      );
      expect(((standard.json.body as Json).templates as Json[]).length).toBe(2);
      expect((await harness.call(sim, "listVmTypes", {}, { credentials: null })).status).toBe(200);
      expect((await harness.call(sim, "listCustomTemplates", {}, { query: project })).status).toBe(200);
      const created = await harness.call(
        sim,
        "createCustomTemplate",
        {},
        { body: { name: "my template", project_id: projectId, container_images: ["nginx:latest"] } },
      );
      const templateId = (created.json.body as Json).id as string;
      expect(templateId).toMatch(/^img_/);
      const updated = await harness.call(
        sim,
        "updateCustomTemplate",
        { template_id: templateId },
        { body: { project_id: projectId, description: "changed" } },
      );
      expect((updated.json.body as Json).description).toBe("changed");
      expect(
        (await harness.call(sim, "deleteCustomTemplate", { template_id: templateId }, { query: project }))
          .status,
      ).toBe(200);
      expect((await harness.call(sim, "listClusters", {}, { query: project })).status).toBe(200);
      expect(
        (
          await harness.call(
            sim,
            "listVolumeClaims",
            {},
            { query: `?projectId=${projectId}&page=1&number=20` },
          )
        ).status,
      ).toBe(200);
      const balance = await harness.call(sim, "getOrganizationBalance", {}, { query: `?orgID=${orgId}` });
      expect(((balance.json.body as Json).balances as Json[])[0]?.balance).toBe(100);
      expect(
        (await harness.call(sim, "getOrganizationBalance", {}, { query: "?orgID=org_other" })).status,
      ).toBe(403);
      expect((await harness.call(sim, "getProject", { project_id: projectId })).status).toBe(200);
      const renamed = await harness.call(
        sim,
        "renameProject",
        { project_id: projectId },
        { body: { name: "Renamed" } },
      );
      expect(((renamed.json.body as Json).projects as Json[])[0]?.name).toBe("Renamed");
      expect((await harness.call(sim, "listProjectMembers", { project_id: projectId })).status).toBe(200);
      const added = await harness.call(
        sim,
        "addProjectMember",
        { project_id: projectId },
        { body: { user_id: "usr_member1", role: "viewer" } },
      );
      expect((added.json.body as Json).role).toBe("viewer");
      const disabled = await harness.call(sim, "disableProjectMember", {
        project_id: projectId,
        user_id: "usr_member1",
      });
      expect(disabled.status).toBe(204);
      const enabled = await harness.call(sim, "enableProjectMember", {
        project_id: projectId,
        user_id: "usr_member1",
      });
      expect((enabled.json.body as Json).disabled).toBe(false);
      const wrong = await harness.call(sim, "getProject", { project_id: "prj_someoneelse" });
      expect(wrong.status).toBe(403);
      expect(wrong.json.message).toBe("You are not allowed to perform this action");
      expect(
        (await harness.call(sim, "getProject", { project_id: projectId }, { credentials: null })).status,
      ).toBe(401);
    },
  },
  {
    name: "deployments: every create shape, every route style and method, lifecycle and delete",
    async run(harness) {
      for (const createShape of ["envelope", "bare", "string"] as const) {
        const sim = await start({ controller: { createShape, routeStyle: "both", lifecycleMethod: "both" } });
        const { projectId } = sim.credentials.controller;
        const project = `?project_id=${projectId}`;
        const created = await harness.call(
          sim,
          "createDeployment",
          {},
          {
            body: {
              project_id: projectId,
              deployment_template_id: "img_qqu31asazaig666jtzp7gjd4pway",
              vm_id: "vm_gt1",
              auth_username: "user",
              auth_password: "secret-password",
            },
          },
        );
        expect(created.status).toBe(200);
        for (const listing of ["listDeployments", "listDeploymentsPlural"]) {
          const list = await harness.call(
            sim,
            listing,
            {},
            { query: `${project}&not_template_name=Jupyter%20Notebook` },
          );
          expect((list.json.body as Json[]).length).toBe(1);
        }
        const [deployment] = (await harness.call(sim, "listDeployments", {}, { query: project })).json
          .body as Json[];
        const handle = { shard: String(deployment?.Shard), suffix: String(deployment?.Suffix) };
        for (const operationId of LIFECYCLE) {
          expect((await harness.call(sim, operationId, handle, { query: project })).status, operationId).toBe(
            200,
          );
        }
        const deleted = await harness.call(
          sim,
          createShape === "bare" ? "deleteDeploymentPlural" : "deleteDeployment",
          handle,
          { query: project },
        );
        expect(deleted.status).toBe(200);
        expect((await harness.call(sim, "listDeployments", {}, { query: project })).json.body).toEqual([]);
        const gone = await harness.call(sim, "deleteDeploymentPlural", handle, { query: project });
        expect(gone.status).toBe(404);
      }
    },
  },
  {
    name: "a route style or method the simulator was told to leave out answers 404 or 405",
    async run(harness) {
      const sim = await start({
        clock: createManualClock(0),
        controller: { routeStyle: "plural", lifecycleMethod: "POST" },
      });
      const { projectId } = sim.credentials.controller;
      const project = `?project_id=${projectId}`;
      expect((await harness.call(sim, "listDeployments", {}, { query: project })).status).toBe(404);
      expect((await harness.call(sim, "listDeploymentsPlural", {}, { query: project })).status).toBe(200);
      const handle = { shard: "1", suffix: "nosuchdeployment" };
      expect((await harness.call(sim, "stopDeploymentPlural", handle, { query: project })).status).toBe(405);
      expect((await harness.call(sim, "stopDeploymentPluralByPost", handle, { query: project })).status).toBe(
        404,
      );
      expect((await harness.call(sim, "stopDeployment", handle, { query: project })).status).toBe(404);
      const wrong = await harness.call(sim, "listDeploymentsPlural", {}, { query: "?project_id=prj_other" });
      expect(wrong.status).toBe(403);
      const refused = await harness.call(
        sim,
        "createDeployment",
        {},
        { body: { project_id: projectId, vm_id: "vm_nope", container_image: "nginx" } },
      );
      expect(refused.status).toBe(400);
    },
  },
];
