/**
 * `startSimulator({ modules })`: extra family modules, each with its own spec table, are served beside
 * the built-in ones (their options, credentials and handles typed from the module), and a malformed
 * or duplicate module is refused before the server listens.
 */
import { describe, expect, it } from "vitest";
import { FAMILY_MODULES } from "./families/index.js";
import { defineFamilyModule } from "./families/module.js";
import { startSimulator } from "./server.js";
import type { SimulatorOptions } from "./types.js";

/** A spec table the simulator does not ship: one authenticated read of the video family. */
const FIXTURE_SPEC = {
  api: "fixture-video",
  operations: {
    listClips: { method: "GET", path: "/clips/{owner}", server: "video", public: false },
    getHealth: { method: "GET", path: "/health", server: "video", public: true },
  },
} as const;

const fixtureModule = defineFamilyModule<
  "video",
  { readonly greeting?: string },
  { readonly saId: string; readonly saSecret: string },
  { calls(): number }
>({
  family: "video",
  spec: FIXTURE_SPEC,
  flags: [],
  checkOptions(options) {
    if (options.greeting !== undefined && typeof options.greeting !== "string") {
      throw new RangeError("video.greeting must be a string");
    }
  },
  create(_core, options) {
    let calls = 0;
    return {
      routes: {
        listClips: (context) => {
          calls++;
          context.json(200, { owner: context.params.owner, greeting: options.greeting ?? "hello" });
        },
        getHealth: (context) => context.json(200, { ok: true }),
      },
      credentials: { saId: "srvacc_fixture", saSecret: "fixture-secret" },
      handle: { calls: () => calls },
    };
  },
});

describe("startSimulator({ modules })", () => {
  it("serves an extra module's spec with its options, credentials, handle and the family's auth", async () => {
    const sim = await startSimulator({ modules: [fixtureModule], video: { greeting: "hi" } });
    try {
      expect(sim.credentials.video).toEqual({ saId: "srvacc_fixture", saSecret: "fixture-secret" });
      expect(sim.tokens.video).toBe("srvacc_fixture");
      const headers = { "x-tva-sa-id": sim.credentials.video.saId, "x-tva-sa-secret": "any" };
      const answer = await fetch(`${sim.baseUrls.video}/clips/me`, { headers });
      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual({ owner: "me", greeting: "hi" });
      expect((await fetch(`${sim.baseUrls.video}/clips/me`)).status).toBe(401);
      expect((await fetch(`${sim.baseUrls.video}/health`)).status).toBe(200);
      expect(sim.families.video.calls()).toBe(1);
      expect(sim.state.log().find((entry) => entry.operationId === "listClips")?.family).toBe("video");
      // The built-in families are served as before.
      for (const module of FAMILY_MODULES) expect(sim.credentials).toHaveProperty(module.family);
      expect(
        sim.routes.filter((route) => route.family === "video").map((route) => route.operationId),
      ).toEqual(["listClips", "getHealth"]);
    } finally {
      await sim.close();
    }
  });

  it("types the families of a module list known only as an array as possibly absent", async () => {
    const options: SimulatorOptions = { quiet: true };
    const sim = await startSimulator(options);
    try {
      // Type-level: the list's families may be absent, so they must be checked before use.
      // @ts-expect-error `video` may not be served by a list typed only as an array
      const unchecked = () => sim.credentials.video.saId;
      expect(typeof unchecked).toBe("function");
      expect(sim.credentials.video?.saId).toBeUndefined();
      expect(sim.credentials.ondemand.apiToken).toMatch(/^sim_ondemand_/);
    } finally {
      await sim.close();
    }
  });

  it("checks an extra module's options with the module", async () => {
    await expect(
      startSimulator({ modules: [fixtureModule], video: { greeting: 5 as unknown as string } }),
    ).rejects.toThrow("video.greeting must be a string");
    await expect(startSimulator({ video: {} } as never)).rejects.toThrow(/unknown option "video"/);
  });

  it("refuses a family outside @theta/core's list, a family served twice and a malformed module", async () => {
    const unknownFamily = { ...fixtureModule, family: "videos" } as unknown as typeof fixtureModule;
    await expect(startSimulator({ modules: [unknownFamily] })).rejects.toThrow(
      /modules\[0\]\.family "videos" is not in @theta\/core's family list/,
    );
    await expect(startSimulator({ modules: [fixtureModule, fixtureModule] })).rejects.toThrow(
      /modules\[1\] serves the video family, which modules\[0\] already serves/,
    );
    const [builtIn] = FAMILY_MODULES;
    if (!builtIn) throw new Error("the simulator ships no family module");
    await expect(startSimulator({ modules: [builtIn] })).rejects.toThrow(
      /which a built-in module already serves/,
    );
    const noCreate = { ...fixtureModule, create: undefined } as unknown as typeof fixtureModule;
    await expect(startSimulator({ modules: [noCreate] })).rejects.toThrow(
      /modules\[0\]\.create must be a function/,
    );
    await expect(startSimulator({ modules: "video" as never })).rejects.toThrow(/modules must be an array/);
  });

  it("stops the start when an extra module handles an operation its spec does not have", async () => {
    const stray = defineFamilyModule({
      ...fixtureModule,
      create: (core, options) => {
        const instance = fixtureModule.create(core, options);
        return { ...instance, routes: { ...instance.routes, deleteClip: () => undefined } };
      },
    });
    await expect(startSimulator({ modules: [stray] })).rejects.toThrow(
      /handles deleteClip, which specs\/fixture-video\.yaml does not have/,
    );
  });
});
