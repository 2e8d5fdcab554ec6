import { ThetaValidationError } from "@theta/core";
import { describe, expect, it } from "vitest";
import { SERVICE_CATALOG, serviceSpec } from "./catalog.js";
import { categorize } from "./category.js";
import { estimateCostUsd, PRICES, priceOf, usageCostUsd } from "./pricing.js";
import { createTimeoutMs, videoDeadlineMs } from "./requests.js";
import { inputIssues, validateInput, withDefaults } from "./validate.js";

function validationError(run: () => void): ThetaValidationError {
  try {
    run();
  } catch (error) {
    if (ThetaValidationError.isInstance(error)) return error;
    throw error;
  }
  throw new Error("expected a ThetaValidationError");
}

describe("validateInput", () => {
  it("names a missing required field and the fix", () => {
    const error = validationError(() => validateInput("flux", {}));
    expect(error.field).toBe("input.prompt");
    expect(error.message).toContain("input.prompt is required");
    expect(error.fix).toMatch(/pass input\.prompt as a string/);
    expect(error.code).toBe("validation_error");
  });

  it("names a wrong-typed field", () => {
    const error = validationError(() => validateInput("flux", { prompt: 1 }));
    expect(error.field).toBe("input.prompt");
    expect(error.message).toContain("must be a string, got a number");
  });

  it("reports every problem in issues", () => {
    const error = validationError(() => validateInput("grounding_dino", { input_img: 3 }));
    expect(error.issues.map((i) => i.field)).toEqual(["input.input_img", "input.detection_prompt"]);
  });

  it("checks integers, ranges and enums", () => {
    expect(inputIssues("flux", { prompt: "x", width: 512.5 })[0]?.field).toBe("input.width");
    expect(inputIssues("flux", { prompt: "x", width: 8 })[0]?.message).toContain("at least 64");
    const effort = inputIssues("gpt_oss_120b", {
      messages: [{ role: "user", content: "hi" }],
      reasoning_effort: "max",
    });
    expect(effort[0]?.field).toBe("input.reasoning_effort");
    expect(effort[0]?.fix).toContain('"low"');
  });

  it("accepts alternative types (seed as string or integer)", () => {
    expect(inputIssues("flux", { prompt: "x", seed: "42" })).toEqual([]);
    expect(inputIssues("flux", { prompt: "x", seed: 42 })).toEqual([]);
    expect(inputIssues("flux", { prompt: "x", seed: true })[0]?.field).toBe("input.seed");
  });

  it("validates chat messages down to the offending message", () => {
    expect(inputIssues("qwen3", { messages: [] })[0]?.field).toBe("input.messages");
    expect(inputIssues("qwen3", { messages: [{ content: "hi" }] })[0]?.field).toBe("input.messages[0].role");
    expect(inputIssues("qwen3", { messages: [{ role: "user", content: 5 }] })[0]?.field).toBe(
      "input.messages[0].content",
    );
    expect(inputIssues("qwen3", { messages: [{ role: "user", content: "hi" }] })).toEqual([]);
  });

  it("requires one field of each alternative group", () => {
    const issues = inputIssues("llava", { image: "a.png" });
    expect(issues).toHaveLength(1);
    expect(issues[0]?.message).toContain("input.question or input.prompt");
    expect(inputIssues("llava", { image: "a.png", prompt: "what?" })).toEqual([]);
  });

  it("lets unknown services and extra keys through", () => {
    expect(() => validateInput("brand_new_model", { anything: 1 })).not.toThrow();
    expect(() => validateInput("flux", { prompt: "x", new_knob: [1] })).not.toThrow();
  });

  it("refuses a non-object input", () => {
    expect(validationError(() => validateInput("brand_new_model", "text")).field).toBe("input");
    expect(validationError(() => validateInput("flux", null)).field).toBe("input");
  });
});

describe("withDefaults", () => {
  it("sends stream:false and the chat defaults for chat services", () => {
    const input = withDefaults("gpt_oss_120b", { messages: [{ role: "user", content: "hi" }] });
    expect(input).toMatchObject({
      stream: false,
      max_tokens: 1800,
      reasoning_effort: "low",
      temperature: 0.5,
      top_p: 0.7,
    });
    expect(withDefaults("qwen3", { messages: [], max_tokens: 10 })).toMatchObject({
      max_tokens: 10,
      stream: false,
    });
  });

  it("keeps a caller's stream choice", () => {
    expect(withDefaults("qwen3", { messages: [], stream: true }).stream).toBe(true);
  });

  it("adds stream:false for unknown services with messages only", () => {
    expect(withDefaults("new_llm", { messages: [] }).stream).toBe(false);
    expect(withDefaults("new_media", { prompt: "x" }).stream).toBeUndefined();
    expect(withDefaults("flux", { prompt: "x" })).toEqual({ prompt: "x" });
  });
});

describe("categorize", () => {
  it("uses the catalog for known aliases, with vision for blip/llava/grounding_dino", () => {
    expect(categorize("blip")).toBe("vision");
    expect(categorize("llava")).toBe("vision");
    expect(categorize("grounding_dino")).toBe("vision");
    expect(categorize("whisper")).toBe("audio");
    expect(categorize("flux")).toBe("image");
    expect(categorize("step_video")).toBe("video");
    expect(categorize("glm_5_3")).toBe("text");
  });

  it("falls back to alias and name keywords", () => {
    expect(categorize("deepseek_r1")).toBe("text");
    expect(categorize("sdxl_lightning")).toBe("image");
    expect(categorize("kokoro", "Kokoro voice")).toBe("audio");
    expect(categorize("wan_video")).toBe("video");
    expect(categorize("florence_vision")).toBe("vision");
    expect(categorize("mystery")).toBe("other");
  });

  it("gives every catalog entry a category and a price", () => {
    for (const alias of Object.keys(SERVICE_CATALOG)) {
      expect(serviceSpec(alias)?.alias).toBe(alias);
      expect(PRICES[alias], alias).toBeDefined();
    }
  });
});

describe("pricing", () => {
  it("estimates an LLM call as prompt chars / 4 input tokens plus max_tokens output tokens", () => {
    const input = { messages: [{ role: "user", content: "x".repeat(400) }], max_tokens: 1000 };
    // glm_5_3: $1.54 / 1M input, $4.84 / 1M output → 100 × 1.54e-6 + 1000 × 4.84e-6
    expect(estimateCostUsd("glm_5_3", input)).toBeCloseTo(100 * 1.54e-6 + 1000 * 4.84e-6, 12);
  });

  it("uses the catalog default max_tokens when unset", () => {
    const input = { messages: [{ role: "user", content: "abcd" }] };
    expect(estimateCostUsd("gpt_oss_120b", input)).toBeCloseTo(1 * 0.04e-6 + 1800 * 0.2e-6, 12);
  });

  it("prices media per request and unknown services conservatively", () => {
    expect(estimateCostUsd("flux", { prompt: "x" })).toBe(0.01);
    expect(estimateCostUsd("step_video", { prompt: "x", frames: 50 })).toBe(0.2);
    expect(priceOf("brand_new_media", { prompt: "x" })).toEqual({ kind: "unit", usdPerRequest: 0.25 });
    expect(priceOf("brand_new_llm", { messages: [] }).kind).toBe("tokens");
  });

  it("computes a cost from usage", () => {
    expect(
      usageCostUsd("qwen3", {
        prompt_tokens: 1_000_000,
        completion_tokens: 1_000_000,
        total_tokens: 2_000_000,
      }),
    ).toBe(0.6);
    expect(usageCostUsd("qwen3", undefined)).toBeUndefined();
  });
});

describe("video deadlines", () => {
  it("follows 240 s + max(frames × 4 s, ceil(frames / fps) × 60 s), rounded up to 30 s, clamped 6-30 min", () => {
    // 50 frames at 10 fps: max(200 s, 300 s) = 300 s → 540 s = 9 min.
    expect(videoDeadlineMs(50)).toBe(540_000);
    // 51 frames: max(204 s, 360 s) → 600 s.
    expect(videoDeadlineMs(51, 10)).toBe(600_000);
    // 1 frame: 240 + 60 = 300 s → clamped to 6 min.
    expect(videoDeadlineMs(1)).toBe(360_000);
    // 1000 frames: clamped to 30 min.
    expect(videoDeadlineMs(1000)).toBe(1_800_000);
    // 25 frames at 24 fps: max(100 s, 60 s) → 340 s → rounded up to 360 s.
    expect(videoDeadlineMs(25, 24)).toBe(360_000);
    // 100 frames at 30 fps: max(400 s, 240 s) → 640 s → 660 s.
    expect(videoDeadlineMs(100, 30)).toBe(660_000);
  });

  it("gives video creates a longer per-request timeout, and always more than wait", () => {
    expect(createTimeoutMs("step_video", { frames: 100 }, 30)).toBe(170_000);
    expect(createTimeoutMs("step_video", { frames: 1000 }, 30)).toBe(300_000);
    expect(createTimeoutMs("flux", {}, 60)).toBe(120_000);
  });
});
