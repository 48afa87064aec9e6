/** Fields a log line carries besides its sentence (ids, counts, an `err`); never a secret or user-typed text. */
export type LogFields = Readonly<Record<string, unknown>>;

/**
 * Where the application says what it did, as structured lines an operator can filter. The
 * adapter adds the turn's activity id, tenant and verb by itself, so callers only pass what
 * they know.
 */
export interface Logger {
  debug(fields: LogFields, message: string): void;
  info(fields: LogFields, message: string): void;
  warn(fields: LogFields, message: string): void;
  error(fields: LogFields, message: string): void;
}

/** For classes built without a logger (tests, scripts): says nothing. */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
