/**
 * Type tests, checked by `tsc --noEmit` (`pnpm typecheck`); never executed. Each `@ts-expect-error`
 * fails the typecheck if the line below it compiles.
 */
import { expectTypeOf } from "vitest";
import type { InputFor } from "./catalog.js";
import type { OndemandClient } from "./client.js";
import type { ChatMessage } from "./types.js";

declare const client: OndemandClient;

export async function typeTests(): Promise<void> {
  // Known services are typed.
  await client.infer("flux", { prompt: "a red fox" });
  await client.infer("flux", { prompt: "a red fox", width: 512, seed: "42", num_inference_steps: 4 });
  // @ts-expect-error prompt must be a string
  await client.infer("flux", { prompt: 1 });
  // @ts-expect-error prompt is required
  await client.infer("flux", { width: 512 });
  // @ts-expect-error width must be a number
  await client.infer("flux", { prompt: "x", width: "512" });
  // @ts-expect-error detection_prompt is required
  await client.infer("grounding_dino", { input_img: "a.png" });
  // @ts-expect-error messages are required
  await client.infer("gpt_oss_120b", { max_tokens: 10 });
  const hi: ChatMessage[] = [{ role: "user", content: "hi" }];
  // @ts-expect-error reasoning_effort is an enum
  await client.infer("gpt_oss_120b", { messages: hi, reasoning_effort: "extreme" });
  await client.infer("gpt_oss_120b", {
    messages: [{ role: "user", content: "hi" }],
    reasoning_effort: "high",
  });
  await client.infer("whisper", { audio_filename: "clip.wav" }, { variant: "large-v3" });
  await client.infer("image_to_image", { image_filename: "in.png" }, { prediction: "background_removal" });
  await client.infer("step_video", { prompt: "waves", frames: 50, fps: 10 });

  // One of each alternative group (llava: input_img | image, question | prompt).
  await client.infer("llava", { input_img: "a.png", question: "what is this?" });
  await client.infer("llava", { image: "a.png", prompt: "what is this?" });
  // @ts-expect-error a question (or prompt) is required
  await client.infer("llava", { input_img: "a.png" });

  // Extra keys pass through (services gain inputs over time).
  await client.infer("flux", { prompt: "x", some_new_knob: true });

  // Unknown services are untyped.
  await client.infer("new_model" as string, { anything: 1 });
  await client.infer("brand_new_model", { whatever: [1, 2, 3] });

  expectTypeOf<InputFor<"flux">["prompt"]>().toEqualTypeOf<string>();
  expectTypeOf<InputFor<"gpt_oss_120b">["messages"]>().toEqualTypeOf<ChatMessage[]>();
  expectTypeOf<InputFor<string>>().toEqualTypeOf<{ [key: string]: unknown }>();

  // Chat.
  await client.chat.create({ messages: [{ role: "user", content: "hi" }] });
  // @ts-expect-error messages are required
  await client.chat.create({ model: "glm_5_3" });
  for await (const event of client.chat.stream({ model: "gpt_oss_120b", messages: [] })) {
    if (event.type === "content") expectTypeOf(event.delta).toEqualTypeOf<string>();
    if (event.type === "tool_call") expectTypeOf(event.index).toEqualTypeOf<number>();
  }
}
