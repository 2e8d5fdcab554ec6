import { describe, expect, it } from "vitest";
import { mountFamilies } from "./mount.js";
import type { SpecTable } from "./spec-table.js";

const spec: SpecTable = {
  api: "example",
  operations: {
    listThings: { method: "GET", path: "/things", server: "controller", public: true },
    getThing: { method: "GET", path: "/things/{id}", server: "platform", public: false },
    uploadThing: { method: "PUT", path: "/{objectPath}", server: "storage", public: true },
  },
};
const noop = () => undefined;

describe("mounting family modules", () => {
  it("puts each handler at its operation's method and path, under its operation's server", () => {
    const mounted = mountFamilies(
      [{ family: "controller", spec, routes: { listThings: noop, getThing: noop } }],
      ["controller", "platform"],
    );
    expect([...mounted.keys()]).toEqual(["controller", "platform"]);
    expect(mounted.get("controller")?.map(({ handle: _handle, ...route }) => route)).toEqual([
      { method: "GET", path: "/things", operationId: "listThings", family: "controller", public: true },
    ]);
    expect(mounted.get("platform")?.[0]).toMatchObject({ path: "/things/{id}", public: false });
  });

  it("refuses a handler for an operation the spec does not have", () => {
    expect(() =>
      mountFamilies(
        [{ family: "controller", spec, routes: { listThing: noop } }],
        ["controller", "platform"],
      ),
    ).toThrow(/the controller module handles listThing, which specs\/example\.yaml does not have/);
  });

  it("refuses an operation whose server is not simulated", () => {
    expect(() =>
      mountFamilies(
        [{ family: "controller", spec, routes: { uploadThing: noop } }],
        ["controller", "platform"],
      ),
    ).toThrow(/uploadThing, whose server "storage" is not one of controller, platform/);
  });

  it("refuses two families serving one method and path", () => {
    expect(() =>
      mountFamilies(
        [
          { family: "controller", spec, routes: { listThings: noop } },
          { family: "agents", spec, routes: { listThings: noop } },
        ],
        ["controller", "platform"],
      ),
    ).toThrow(/GET \/controller\/things is served twice: by controller listThings and by agents listThings/);
  });
});
