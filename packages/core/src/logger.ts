/**
 * Logging: the `Logger` interface, a console logger writing redacted lines to stderr, and the
 * wrapper the transport puts around any logger (it redacts everything and never throws).
 */
import { redact, redactText } from "./redact.js";

export type LogData = Readonly<Record<string, unknown>>;

export interface Logger {
  debug(message: string, data?: LogData): void;
  info(message: string, data?: LogData): void;
  warn(message: string, data?: LogData): void;
  error(message: string, data?: LogData): void;
}

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** A logger that drops everything. */
export const silentLogger: Logger = Object.freeze({
  debug() {},
  info() {},
  warn() {},
  error() {},
});

/**
 * A logger writing one redacted line per entry to stderr (`console.error`), so it never mixes with
 * a program's stdout (CLI output, MCP stdio).
 */
export function createConsoleLogger(
  level: LogLevel = "info",
  write: (line: string) => void = (line) => console.error(line),
): Logger {
  const min = LEVELS[level];
  const emit = (entryLevel: Exclude<LogLevel, "silent">, message: string, data?: LogData): void => {
    if (LEVELS[entryLevel] < min) return;
    const payload = data === undefined ? "" : ` ${safeJson(redact(data))}`;
    write(`[theta] ${entryLevel} ${redactText(message)}${payload}`);
  };
  const logger: Logger = {
    debug: (m, d) => emit("debug", m, d),
    info: (m, d) => emit("info", m, d),
    warn: (m, d) => emit("warn", m, d),
    error: (m, d) => emit("error", m, d),
  };
  minimumLevels.set(logger, min);
  return logger;
}

/** Loggers whose threshold is known (console loggers): entries below it are not even redacted. */
const minimumLevels = new WeakMap<Logger, number>();

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return '"[unserializable]"';
  }
}

/**
 * Wraps a user logger: redacts message and data, and never lets a logger failure break a request.
 * Undefined for the silent logger, so that callers (`logger?.debug(...)`) skip building entries at all.
 */
export function redactingLogger(logger: Logger | undefined): Logger | undefined {
  if (logger === undefined || logger === silentLogger) return undefined;
  const min = minimumLevels.get(logger) ?? 0;
  if (min >= LEVELS.silent) return undefined;
  const call = (level: keyof Logger, message: string, data?: LogData): void => {
    if (LEVELS[level] < min) return;
    try {
      logger[level](redactText(message), data === undefined ? undefined : redact(data));
    } catch {
      // A broken logger must not change the outcome of a request.
    }
  };
  return {
    debug: (m, d) => call("debug", m, d),
    info: (m, d) => call("info", m, d),
    warn: (m, d) => call("warn", m, d),
    error: (m, d) => call("error", m, d),
  };
}
