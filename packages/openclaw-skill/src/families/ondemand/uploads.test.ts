/**
 * The upload command's `field` is checked against the catalog's file inputs of the service before any
 * request (the server would answer 400). Real HTTP against a node:http server made here, which must
 * see no request.
 */
import { rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ThetaValidationError } from "@theta/core";
import { answerJson } from "@theta/loopback-server";
import { useLoopbackServer } from "@theta/loopback-server/vitest";
import { afterAll, describe, expect, it } from "vitest";
import { executeCommand } from "../../registry.js";

const server = useLoopbackServer();

const env = () => ({
  THETA_ONDEMAND_API_TOKEN: "local-test-token-abcdef",
  THETA_ONDEMAND_API_BASE_URL: server.url(),
  THETA_ALLOW_INSECURE_LOOPBACK: "1",
});

const file = join(tmpdir(), `theta-upload-field-${process.pid}.wav`);
writeFileSync(file, "RIFF");
afterAll(() => rmSync(file, { force: true }));

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

describe("theta.ondemand.upload --field", () => {
  it("a field that is not a file input of the service is refused, naming its file inputs", async () => {
    server.handle((_request, response) => answerJson(response, 400, { status: "error" }));
    const error = await rejection(
      executeCommand("theta.ondemand.upload", { service: "whisper", field: "audio", file }, { env: env() }),
    );
    expect(error).toBeInstanceOf(ThetaValidationError);
    expect((error as ThetaValidationError).field).toBe("field");
    expect((error as Error).message).toContain('"audio" is not a file input of whisper');
    expect((error as Error).message).toContain('"audio_filename"');
    expect(server.requests()).toHaveLength(0);
  });

  it("names every file input of a service that has several", async () => {
    const error = await rejection(
      executeCommand(
        "theta.ondemand.upload",
        { service: "talking_head", field: "image", file },
        { env: env() },
      ),
    );
    expect((error as Error).message).toContain('its file inputs are "img", "audio"');
    expect(server.requests()).toHaveLength(0);
  });

  it("the agents' upload URLs command is checked the same way", async () => {
    const error = await rejection(
      executeCommand(
        "theta.ondemand.inputPresignedUrls",
        { service: "blip", inputFields: ["image"] },
        { env: env() },
      ),
    );
    expect(error).toBeInstanceOf(ThetaValidationError);
    expect((error as Error).message).toContain('its file input is "input_img"');
    expect(server.requests()).toHaveLength(0);
  });
});
