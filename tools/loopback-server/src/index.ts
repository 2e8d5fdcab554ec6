/**
 * `@theta/loopback-server`: the workspace's one loopback HTTP server for tests. The vitest hooks are
 * in `@theta/loopback-server/vitest`.
 */
export { answerJson, answerStatus, answerText } from "./answers.js";
export { closedPort } from "./closed-port.js";
export { answerAfter, type ResetMidBodyOptions, resetBeforeHeaders, resetMidBody } from "./faults.js";
export {
  answerUnscripted,
  type Exchange,
  type LoopbackHandler,
  type LoopbackServer,
  type RecordedRequest,
  startLoopbackServer,
} from "./server.js";
export {
  answerEventStream,
  type DripOptions,
  dripBody,
  type EventStreamOptions,
  formatEvent,
  type ServerSentEvent,
} from "./streams.js";
