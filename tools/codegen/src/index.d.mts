// Types of the generator's library API (the source is plain JavaScript so that `pnpm gen` runs with
// node before anything is built). The emitted entries match `SpecOperationPolicy` and
// `RpcMethodPolicy` of `@theta/core`; the generator's tests compile generated code against them.

export type Confidence = "confirmed" | "uncertain";

/** One entry of the generated `<api>Operations` table. */
export interface OperationEntry {
  readonly operationId: string;
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS";
  readonly path: string;
  readonly server: string;
  readonly public: boolean;
  readonly mutating: boolean;
  readonly billable: boolean;
  readonly idempotent: boolean;
  readonly confidence: Confidence;
  readonly retry?: { readonly maxRetries?: number; readonly statuses?: readonly number[] };
  readonly timeoutMs?: number;
  readonly stream?: boolean;
  readonly jsonrpc?: true;
}

/** One entry of the generated `<api>Methods` table. */
export interface MethodEntry {
  readonly method: string;
  readonly operationId: string;
  readonly server: string;
  readonly mutating: boolean;
  readonly billable: boolean;
  readonly idempotent: boolean;
  readonly confidence: Confidence;
  readonly timeoutMs?: number;
}

/** A JSON-RPC method with the component schemas its params and result types come from. */
export interface MethodDescription {
  readonly policy: MethodEntry;
  readonly requestSchema: string;
  readonly resultSchema: string;
}

export interface SpecAnalysis {
  readonly operations: readonly OperationEntry[];
  readonly methods: readonly MethodDescription[];
}

export interface SpecSource {
  /** Path of the OpenAPI document. */
  readonly specPath: string;
  /** Names the tables (`chain-rpc` -> `chainRpcOperations`); default: the file name without `.yaml`. */
  readonly api?: string;
  /** Names the spec in messages and headers; default: the file name. */
  readonly label?: string;
}

export interface GeneratedFile {
  readonly file: string;
  readonly change: "wrote" | "unchanged" | "removed" | "skipped";
  readonly reason?: string;
}

/** A problem in a spec that stops generation; the message names the spec file, the place and the fix. */
export class SpecError extends Error {}

/** Validates a parsed document; throws one SpecError listing every problem. */
export function analyzeSpec(doc: unknown, label: string): SpecAnalysis;

export function apiName(specPath: string): string;

/** The generated modules by file name (`schema.ts`, `operations.ts`, and `methods.ts` for JSON-RPC), unwritten. */
export function renderSpec(source: SpecSource): Promise<Map<string, string>>;

/** Writes the modules of one spec into `outDir`; unchanged files are left alone, stale ones removed. */
export function generateSpec(source: SpecSource & { readonly outDir: string }): Promise<GeneratedFile[]>;

/** Every `specs/<api>.yaml` under `root` whose package (`info.x-theta-package`, else `<api>`) exists, into its `src/generated/` (`src/generated/<api>/` for a named package). */
export function generateWorkspace(options: { readonly root: string }): Promise<GeneratedFile[]>;
/** The package folder a parsed spec generates into: `info.x-theta-package`, else `api`. */
export function specPackage(doc: unknown, api: string, label: string): string;
