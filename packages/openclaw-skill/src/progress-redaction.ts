/**
 * Progress events carry server text (streamed answer deltas, job states, status messages) to every
 * adapter: the CLI prints them, OpenClaw shows them through `onUpdate`. They are redacted here, once,
 * before any adapter sees them, like the command's result is (see `executeCommand`).
 */
import { createTextStreamRedactor, redactText, type TextStreamRedactor } from "@theta/core";
import type { ProgressEvent } from "./context.js";

type DeltaChannel = Extract<ProgressEvent, { type: "delta" }>["channel"];

export interface RedactedProgress {
  /** Redacts one event and passes what is safe to show to the listener. */
  readonly report: (event: ProgressEvent) => void;
  /** Passes on the text the stream redactors still hold; call it when the command has finished. */
  readonly flush: () => void;
}

/**
 * Wraps a progress listener. Deltas go through one stream redactor per channel (a secret split
 * across two deltas is still found), so a delta may arrive later and in other pieces than sent.
 */
export function redactedProgress(listener: (event: ProgressEvent) => void): RedactedProgress {
  const redactors = new Map<DeltaChannel, TextStreamRedactor>();
  let lastChannel: DeltaChannel | undefined;
  const send = (channel: DeltaChannel, text: string): void => {
    if (text.length > 0) listener({ type: "delta", channel, text });
  };
  const endChannel = (channel: DeltaChannel): void => {
    const redactor = redactors.get(channel);
    if (redactor) send(channel, redactor.end());
  };
  return {
    report(event) {
      switch (event.type) {
        case "delta": {
          // A change of channel ends the previous channel's text: show it before the new one.
          if (lastChannel !== undefined && lastChannel !== event.channel) endChannel(lastChannel);
          lastChannel = event.channel;
          let redactor = redactors.get(event.channel);
          if (!redactor) {
            redactor = createTextStreamRedactor();
            redactors.set(event.channel, redactor);
          }
          send(event.channel, redactor.push(event.text));
          return;
        }
        case "poll":
          // State and request id come from the server; the resume line quotes the id.
          listener({
            ...event,
            ...(event.state === undefined ? {} : { state: redactText(event.state) }),
            ...(event.requestId === undefined ? {} : { requestId: redactText(event.requestId) }),
            ...(event.resume === undefined ? {} : { resume: redactText(event.resume) }),
          });
          return;
        case "status":
          listener({ type: "status", message: redactText(event.message) });
          return;
        case "upload":
          listener(event);
          return;
      }
    },
    flush() {
      for (const channel of redactors.keys()) endChannel(channel);
      lastChannel = undefined;
    },
  };
}
