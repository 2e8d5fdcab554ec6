/**
 * Type tests, checked by `tsc --noEmit` (`pnpm typecheck`); never executed. Each `@ts-expect-error`
 * fails the typecheck if the line below it compiles.
 */
import { expectTypeOf } from "vitest";
import type { InputFor } from "./catalog.js";
import type { OndemandClient } from "./client.js";
import type { ChatMessage, ChatRequest, KnownChatModel } from "./types.js";

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

  // Typed services take exactly their fields: a misspelled optional field is an error.
  // @ts-expect-error widht is not a field of flux (width is)
  await client.infer("flux", { prompt: "x", widht: 512 });
  // File inputs are required at compile time.
  // @ts-expect-error whisper's file input is audio_filename, and it is required
  await client.infer("whisper", { audio: "x" });
  // @ts-expect-error talking_head needs both img and audio
  await client.infer("talking_head", { img: "face.png" });
  await client.infer("talking_head", { img: "face.png", audio: "speech.wav" });
  // @ts-expect-error a misspelled service name is an error, not a silently untyped call
  await client.infer("fluxx", { prompt: "x" });

  // The explicit untyped call: a string-typed service, or infer<string>(...).
  await client.infer<string>("flux", { prompt: "x", some_new_knob: true });
  await client.infer<string>("brand_new_model", { whatever: [1, 2, 3] });
  await client.infer("new_model" as string, { anything: 1 });
  const untyped = await client.infer<string>("brand_new_model", {});
  expectTypeOf(untyped.output).toEqualTypeOf<Record<string, unknown> | undefined>();

  // Typed outputs: an image service's image_url and a chat service's message read without a cast.
  const image = await client.infer("flux", { prompt: "a red fox" });
  expectTypeOf(image.output?.image_url).toEqualTypeOf<string | undefined>();
  const answer = await client.infer("gpt_oss_120b", { messages: hi });
  expectTypeOf(answer.output?.message).toEqualTypeOf<string | null | undefined>();

  // Per-call HTTP settings.
  await client.infer("flux", { prompt: "x" }, { timeoutMs: 5000, maxRetries: 0 });
  await client.services.list({ maxRetries: 0 });
  await client.requests.get("infr_rqst_1", { timeoutMs: 2000 });

  expectTypeOf<InputFor<"flux">["prompt"]>().toEqualTypeOf<string>();
  expectTypeOf<InputFor<"gpt_oss_120b">["messages"]>().toEqualTypeOf<ChatMessage[]>();
  expectTypeOf<InputFor<string>>().toEqualTypeOf<{ [key: string]: unknown }>();

  // Chat: model and reasoning_effort offer the known values and accept others.
  expectTypeOf<KnownChatModel>().toEqualTypeOf<
    "qwen3" | "gpt_oss_120b" | "llama_3_1_70b" | "llama_3_8b" | "glm_5_3" | "glm_5_3_flash" | "minimax_m2_5"
  >();
  expectTypeOf<"gpt_oss_120b">().toMatchTypeOf<Exclude<ChatRequest["model"], undefined>>();
  expectTypeOf<"high">().toMatchTypeOf<Exclude<ChatRequest["reasoning_effort"], undefined>>();
  expectTypeOf<Extract<Exclude<ChatRequest["model"], undefined>, "qwen3">>().toEqualTypeOf<"qwen3">();
  expectTypeOf<Extract<Exclude<ChatRequest["reasoning_effort"], undefined>, "low">>().toEqualTypeOf<"low">();
  await client.chat.create({ model: "a_new_model", messages: hi, reasoning_effort: "whatever" });
  await client.chat.create({ messages: [{ role: "user", content: "hi" }] });
  // @ts-expect-error messages are required
  await client.chat.create({ model: "glm_5_3" });
  for await (const event of client.chat.stream({ model: "gpt_oss_120b", messages: [] })) {
    if (event.type === "content") expectTypeOf(event.delta).toEqualTypeOf<string>();
    if (event.type === "tool_call") expectTypeOf(event.index).toEqualTypeOf<number>();
  }
}
