// Narrowing helpers for the schema data files, so a malformed file fails
// with the path of the offending entry instead of a later TypeError.

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function recordAt(value: unknown, where: string): JsonRecord {
  if (!isRecord(value)) throw new Error(`${where}: expected an object`);
  return value;
}

export function optionalRecord(value: unknown, where: string): JsonRecord {
  return value === undefined || value === null ? {} : recordAt(value, where);
}

export function flag(value: unknown): boolean {
  return value === true;
}

export function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

export function count(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

/** SDK facts are optional extras: a missing or odd entry just means "none". */
export function recordOrEmpty(value: unknown): JsonRecord {
  return isRecord(value) ? value : {};
}
