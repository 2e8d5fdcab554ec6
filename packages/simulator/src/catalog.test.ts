import { describe, expect, it } from "vitest";
import { SIMULATOR_PRICES, SIMULATOR_SERVICE_ALIASES } from "./index.js";
import { get, json, start } from "./testing/simulator-start.js";

interface ServiceJson {
  id: string;
  alias: string;
  state: string;
  template_id: string;
  default_prediction: string;
  variant_templates?: Record<string, unknown>;
  predictions: Record<
    string,
    {
      cost: number;
      cost_divisor: number;
      input_cost?: number;
      variants?: string[];
      input_vars: Record<string, { type: string; required?: boolean }>;
    }
  >;
}

describe("service catalog", () => {
  it("lists every service publicly, without a token", async () => {
    const sim = await start();
    const response = await get(sim, "/service/list", {});
    expect(response.status).toBe(200);
    const envelope = await json(response);
    expect(envelope.status).toBe("success");
    const services = (envelope.body as { services: ServiceJson[] }).services;
    expect(services.map((s) => s.alias)).toEqual([...SIMULATOR_SERVICE_ALIASES]);
    expect(services).toHaveLength(19);
    for (const service of services) {
      expect(service.id).toMatch(/^srvc_[a-z0-9]{20}$/);
      expect(service.template_id).toMatch(/^img_[a-z0-9]{28}$/);
      expect(service.state).toBe("public");
      expect(service.predictions[service.default_prediction]).toBeDefined();
    }
    const byAlias = new Map(services.map((s) => [s.alias, s]));
    expect(byAlias.get("qwen3")?.predictions.completions?.variants).toEqual(["default", "parallax_32b_fp8"]);
    expect(Object.keys(byAlias.get("image_to_image")?.predictions ?? {})).toEqual([
      "stylize",
      "upscale",
      "background_removal",
    ]);
    expect(byAlias.get("grounding_dino")?.default_prediction).toBe("0");
    expect(byAlias.get("whisper")?.predictions.stt?.input_vars.audio_filename).toMatchObject({
      type: "filename",
      required: true,
    });
    expect(byAlias.get("flux")?.variant_templates).toHaveProperty("quantized");
  });

  it("expresses the price table as cost / cost_divisor in US cents", async () => {
    const sim = await start();
    const services = ((await json(await get(sim, "/service/list"))).body as { services: ServiceJson[] })
      .services;
    for (const service of services) {
      for (const [name, prediction] of Object.entries(service.predictions)) {
        const price = SIMULATOR_PRICES[service.alias]?.[name];
        expect(price, `${service.alias}/${name}`).toBeDefined();
        const cents = prediction.cost / prediction.cost_divisor;
        if (price?.kind === "tokens") {
          expect(cents * 1_000_000).toBeCloseTo(price.outputUsdPer1M * 100, 6);
          expect(((prediction.input_cost ?? 0) / prediction.cost_divisor) * 1_000_000).toBeCloseTo(
            price.inputUsdPer1M * 100,
            6,
          );
        } else if (price) {
          expect(cents).toBeCloseTo(price.usdPerUnit * 100, 9);
        }
      }
    }
    const qwen = services.find((s) => s.alias === "qwen3")?.predictions.completions;
    expect(qwen).toMatchObject({ cost: 40, input_cost: 20, cost_divisor: 1_000_000 });
  });

  it("gets one service by alias or id, 404 otherwise; only with a token (the spec requires one)", async () => {
    const sim = await start();
    const anonymous = await get(sim, "/service/flux", {});
    expect(anonymous.status).toBe(401);
    expect((await json(anonymous)).message).toMatch(/^missing on-demand API token/);
    const byAlias = await json(await get(sim, "/service/flux"));
    const service = (byAlias.body as { services: ServiceJson[] }).services[0];
    expect(service?.alias).toBe("flux");
    const byId = await json(await get(sim, `/service/${service?.id}`));
    expect((byId.body as { services: ServiceJson[] }).services[0]?.alias).toBe("flux");
    const missing = await get(sim, "/service/qwen");
    expect(missing.status).toBe(404);
    expect(await json(missing)).toEqual({ status: "error", message: "service not found" });
  });

  it("accepts expand=template_id and page/number", async () => {
    const sim = await start();
    const expanded = await json(await get(sim, "/service/list?expand=template_id"));
    const first = (expanded.body as { services: (ServiceJson & { template?: { id: string } })[] })
      .services[0];
    expect(first?.template?.id).toBe(first?.template_id);
    const paged = await json(await get(sim, "/service/list?page=1&number=5"));
    const body = paged.body as { services: ServiceJson[]; pagination: unknown };
    expect(body.services.map((s) => s.alias)).toEqual(SIMULATOR_SERVICE_ALIASES.slice(5, 10));
    expect(body.pagination).toEqual({ page: 1, number: 5, total: 19 });
  });
});
