// In-memory form of the cty values Terraform exchanges with providers.
// Objects and maps are both plain records; the schema says which is which.

/** Stands for a value Terraform does not know yet (any msgpack extension). */
export const UNKNOWN: unique symbol = Symbol("cty.unknown");
export type Unknown = typeof UNKNOWN;

export type CtyValue = null | boolean | number | string | Unknown | CtyValue[] | CtyObject;
export interface CtyObject {
  [name: string]: CtyValue;
}

export type CtyType =
  | { kind: "string" }
  | { kind: "number" }
  | { kind: "bool" }
  | { kind: "dynamic" }
  | { kind: "list"; element: CtyType }
  | { kind: "set"; element: CtyType }
  | { kind: "map"; element: CtyType }
  | { kind: "object"; attributes: Record<string, CtyType> }
  | { kind: "tuple"; elements: CtyType[] };

export function isUnknown(value: CtyValue | undefined): value is Unknown {
  return value === UNKNOWN;
}

export function isObject(value: CtyValue | undefined): value is CtyObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Reads an attribute of a value that may be null, unknown or not an object. */
export function field(value: CtyValue | undefined, name: string): CtyValue {
  return isObject(value) ? (value[name] ?? null) : null;
}

/** Reads a collection element of a value that may be null, unknown or not a list. */
export function element(value: CtyValue | undefined, index: number): CtyValue {
  return Array.isArray(value) ? (value[index] ?? null) : null;
}

/** Parses the JSON form of a cty type constraint (`"string"`, `["list","string"]`, ...). */
export function parseCtyType(json: unknown): CtyType {
  if (json === "string" || json === "number" || json === "bool") return { kind: json };
  if (json === "dynamic") return { kind: "dynamic" };
  if (Array.isArray(json) && json.length === 2) {
    const [kind, arg] = json as [unknown, unknown];
    if (kind === "list") return { kind, element: parseCtyType(arg) };
    if (kind === "set") return { kind, element: parseCtyType(arg) };
    if (kind === "map") return { kind, element: parseCtyType(arg) };
    if (kind === "object" && typeof arg === "object" && arg !== null && !Array.isArray(arg)) {
      const attributes: Record<string, CtyType> = {};
      for (const [name, t] of Object.entries(arg)) attributes[name] = parseCtyType(t);
      return { kind, attributes };
    }
    if (kind === "tuple" && Array.isArray(arg)) return { kind, elements: arg.map(parseCtyType) };
  }
  throw new Error(`unsupported cty type ${JSON.stringify(json)}`);
}

/** Structural equality; an unknown equals nothing, because it may turn out to be anything. */
export function valuesEqual(a: CtyValue, b: CtyValue): boolean {
  if (a === UNKNOWN || b === UNKNOWN) return false;
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => valuesEqual(item, b[i] ?? null));
  }
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) if (!valuesEqual(a[key] ?? null, b[key] ?? null)) return false;
    return true;
  }
  // Numbers may arrive as decimal strings when they do not fit a float64.
  if ((typeof a === "number" && typeof b === "string") || (typeof a === "string" && typeof b === "number")) {
    return Number(a) === Number(b);
  }
  return false;
}

/** A canonical text for a value, used to seed deterministic fake data. */
export function stableText(value: CtyValue): string {
  if (value === UNKNOWN) return "?";
  if (Array.isArray(value)) return `[${value.map(stableText).join(",")}]`;
  if (isObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableText(value[k] ?? null)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
