/**
 * How a test points the skill's controller commands at the controller package's loopback fake (both
 * hosts on 127.0.0.1): the environment with its key, project and organization, and the base URLs.
 */
import type { FakeController } from "../../../controller/src/testing/fake-controller.js";
import type { CommandContext } from "../context.js";

export {
  type FakeController,
  startFakeController,
} from "../../../controller/src/testing/fake-controller.js";

/** The environment of a user configured for the fake's project (overrides in `extra`). */
export function fakeControllerEnv(
  fake: FakeController,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    THETA_EC_API_KEY: fake.apiKey,
    THETA_EC_PROJECT_ID: fake.projectId,
    THETA_ORG_ID: fake.orgId,
    THETA_CONTROLLER_BASE_URL: fake.controllerUrl,
    THETA_PLATFORM_API_BASE_URL: fake.platformUrl,
    THETA_ALLOW_INSECURE_LOOPBACK: "1",
    ...extra,
  };
}

/** A command context for the fake: its environment, fast retries. */
export function fakeControllerContext(
  fake: FakeController,
  extra: Record<string, string> = {},
): CommandContext {
  return { env: fakeControllerEnv(fake, { THETA_HTTP_RETRY_BACKOFF_MS: "25", ...extra }) };
}
