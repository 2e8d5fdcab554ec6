/**
 * One simulated deployment: its lifecycle on the simulated clock (creating, warming up through its
 * template's status sequence, ready; stopped; deleted), its hourly bill and the dedicated endpoint it
 * serves. Billing: the VM type's `price_hour` per started hour of running time (warm-up included;
 * stopped time is free), the first hour charged at creation; a stop/start within a started hour costs
 * nothing more. The cost is a ledger meter, so the balance drains as the clock moves.
 */
import type { DedicatedEndpoint, EndpointAuth, EndpointPhase } from "../../dedicated-endpoints.js";
import type { Meter } from "../../ledger.js";
import { roundUsd } from "../../prices.js";
import type { TemplateSpec, VmType } from "./catalog.js";

export const HOUR_MS = 3_600_000;

/** One running period: from a create or start until a stop or the delete (open while running). */
interface Run {
  readonly startedAt: number;
  endedAt?: number;
}

export interface DeploymentInit {
  readonly name: string;
  readonly suffix: string;
  readonly shard: number;
  readonly baseId: string;
  readonly projectId: string;
  readonly template: TemplateSpec;
  readonly vmType: VmType;
  readonly containerImage: string;
  readonly annotations: Readonly<Record<string, string>> | null;
  readonly auth: { readonly username: string; readonly password: string } | undefined;
  /** `<simulator>/inference/<key>`. */
  readonly endpointUrl: string;
  readonly warmup: readonly number[];
  readonly warmupStepMs: number;
  readonly createdAt: number;
}

/** What `listDeployments` of the handle reports. */
export interface DeploymentSummary {
  readonly name: string;
  readonly shard: number;
  readonly suffix: string;
  readonly templateName: string;
  readonly vmId: string;
  readonly endpoint: string;
  readonly status: string;
  /** What it has cost so far, USD. */
  readonly costUsd: number;
}

export class SimulatedDeployment implements Meter {
  private readonly runs: Run[];
  private deletedAt: number | undefined;
  readonly endpoint: DedicatedEndpoint;

  constructor(readonly init: DeploymentInit) {
    this.runs = [{ startedAt: init.createdAt }];
    const auth: EndpointAuth = init.auth ? { basic: init.auth } : {};
    this.endpoint = {
      key: this.key,
      kind: init.template.kind,
      model: init.template.model,
      title: init.template.name,
      auth,
      phase: (now) => this.phase(now),
    };
  }

  /** The endpoint's path segment: the name and suffix, as the real host's first label. */
  get key(): string {
    return `${this.init.name}-${this.init.suffix}`;
  }

  get deleted(): boolean {
    return this.deletedAt !== undefined;
  }

  private get currentRun(): Run {
    return this.runs[this.runs.length - 1] as Run;
  }

  get running(): boolean {
    return !this.deleted && this.currentRun.endedAt === undefined;
  }

  phase(now: number): EndpointPhase {
    if (!this.running) return { state: "stopped" };
    const { warmup, warmupStepMs } = this.init;
    const step =
      warmupStepMs <= 0 ? warmup.length : Math.floor((now - this.currentRun.startedAt) / warmupStepMs);
    const status = warmup[step];
    return status === undefined ? { state: "ready" } : { state: "warming", status, step };
  }

  /** `EndpointStatus`: Pending while the pod is created, Deploying while it warms up, then Running; Stopped. */
  status(now: number): string {
    const phase = this.phase(now);
    if (phase.state === "stopped") return "Stopped";
    if (phase.state === "ready") return "Running";
    return phase.step === 0 ? "Pending" : "Deploying";
  }

  /** Stops the current run; false when it was not running. */
  stop(now: number): boolean {
    if (!this.running) return false;
    this.currentRun.endedAt = now;
    return true;
  }

  /** Starts a new run (the warm-up starts over); false when it was running. */
  start(now: number): boolean {
    if (this.running || this.deleted) return false;
    this.runs.push({ startedAt: now });
    return true;
  }

  delete(now: number): void {
    this.stop(now);
    this.deletedAt = now;
  }

  private runningMs(now: number): number {
    return this.runs.reduce((total, run) => total + Math.max(0, (run.endedAt ?? now) - run.startedAt), 0);
  }

  costUsd(now: number): number {
    const hours = Math.max(1, Math.ceil(this.runningMs(now) / HOUR_MS));
    return roundUsd(hours * this.init.vmType.price_hour);
  }

  /** The PascalCase record the controller lists and (in the object shapes) answers a create with. */
  render(now: number): Record<string, unknown> {
    const { init } = this;
    return {
      Name: init.name,
      ProjectID: init.projectId,
      DeploymentImageID: init.template.id,
      TemplateName: init.template.name,
      ImageURL: init.containerImage,
      Replicas: 1,
      MachineType: init.vmType.id,
      Annotations: init.annotations === null ? null : { ...init.annotations },
      AuthUsername: init.auth?.username ?? null,
      AuthPassword: init.auth?.password ?? null,
      Endpoint: init.endpointUrl,
      EndpointStatus: this.status(now),
      Region: "sim-local",
      BaseID: init.baseId,
      Shard: init.shard,
      Suffix: init.suffix,
    };
  }

  summary(now: number): DeploymentSummary {
    return {
      name: this.init.name,
      shard: this.init.shard,
      suffix: this.init.suffix,
      templateName: this.init.template.name,
      vmId: this.init.vmType.id,
      endpoint: this.init.endpointUrl,
      status: this.deleted ? "Deleted" : this.status(now),
      costUsd: this.costUsd(this.deletedAt ?? now),
    };
  }
}
