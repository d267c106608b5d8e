// Stage 2: raw object → typed Spec, or findings that name the key, the value given and what is allowed.
import type * as z from "zod/mini";
import { specSchema, fieldInfo, type Spec } from "./spec";
import { closestKey } from "./suggest";
import { isRecord, listItem, objectShape, unionOptions, type Shape } from "./schema-shape";
import { cut, reportedValue, type Finding, type KeyPath } from "../findings";

/**
 * `given`: the keys the spec itself names (an object's as dotted paths), where a default would otherwise look the
 * same as a value it gives.
 */
export type Validated = { ok: true; spec: Spec; given: ReadonlySet<string> } | { ok: false; findings: Finding[] };

const valueAt = (raw: unknown, path: KeyPath): unknown =>
  path.reduce<unknown>(
    (node, key) =>
      node !== null && typeof node === "object" ? (node as Record<string | number, unknown>)[key] : undefined,
    raw,
  );

/** The object shape that applies at `path`, choosing a discriminated union's option by the raw value. */
function shapeAt(path: KeyPath, raw: unknown): Shape | undefined {
  let node: z.core.$ZodType | undefined = specSchema;
  for (let depth = 0; node; depth++) {
    // A list's item, such as hypervisors[1]: the path goes on in the item's schema.
    const item: z.core.$ZodType | undefined = typeof path[depth] === "number" ? listItem(node) : undefined;
    if (item) {
      node = item;
      continue;
    }
    const union = unionOptions(node);
    const shape: Shape | undefined = union
      ? union.options.find((o) => o.value === valueAt(raw, [...path.slice(0, depth), union.discriminator]))?.shape
      : objectShape(node);
    if (depth === path.length) return shape;
    node = shape?.[path[depth] as string];
  }
  return undefined;
}

const fieldAt = (path: KeyPath, raw: unknown): z.core.$ZodType | undefined =>
  shapeAt(path.slice(0, -1), raw)?.[path[path.length - 1] as string];

function allowedAt(path: KeyPath, raw: unknown): string | undefined {
  if (path.length === 0) return undefined;
  // An item of a list: what the list allows says what its items may be.
  if (typeof path[path.length - 1] === "number") return allowedAt(path.slice(0, -1), raw);
  const field = fieldAt(path, raw);
  if (field) return fieldInfo.get(field)?.allowed;
  // An entry of a map, such as placement.master0: what the map allows says what its entries may be.
  const map = path.length > 1 ? fieldAt(path.slice(0, -1), raw) : undefined;
  return map && isRecord(map) ? fieldInfo.get(map)?.allowed : undefined;
}

function unknownKeyFinding(path: KeyPath, key: string, raw: unknown): Finding {
  const known = Object.keys(shapeAt(path, raw) ?? {}).filter((k) => k !== "$schema");
  const suggestion = closestKey(key, known);
  return {
    severity: "error",
    // A key is shown whole up to a point: it may be anything at all.
    path: [...path, cut(key, 100)],
    value: reportedValue(valueAt(raw, [...path, key])),
    message: "is not a known key",
    fix: suggestion ? `did you mean "${suggestion}"?` : `known keys here: ${known.join(", ")}`,
  };
}

// Spec paths hold only strings and numbers (they come from JSON); zod types them as PropertyKey.
const keyPath = (path: readonly PropertyKey[]): KeyPath =>
  path.map((key) => (typeof key === "number" ? key : String(key)));

function issueFindings(issue: z.core.$ZodIssue, raw: unknown): Finding[] {
  const path = keyPath(issue.path);
  if (issue.code === "unrecognized_keys") return issue.keys.map((key) => unknownKeyFinding(path, key, raw));
  const value = reportedValue(valueAt(raw, path));
  const options = issue.code === "invalid_union" ? (issue as { options?: unknown[] }).options : undefined;
  if (options) {
    return [
      { severity: "error", path, value, message: `must be ${options.map((o) => JSON.stringify(o)).join(" or ")}` },
    ];
  }
  const allowed = allowedAt(path, raw);
  const message = allowed ? `must be ${allowed}` : "is not valid here";
  return [{ severity: "error", path, value, message: value === undefined ? `is required: ${message}` : message }];
}

/** The keys that describe a lab's one hypervisor, which `hypervisors` describes in each entry instead. */
const singleHostKeys = { connection: "connection", hypervisor: "capacity" } as const;

function singleHostKeyFindings(raw: object): Finding[] {
  if (!("hypervisors" in raw)) return [];
  return Object.entries(singleHostKeys)
    .filter(([key]) => key in raw)
    .map(([key, entryKey]) => ({
      severity: "error",
      path: [key],
      value: reportedValue((raw as Record<string, unknown>)[key]),
      message: "describes the one hypervisor of a lab without hypervisors; with hypervisors, each entry says it",
      fix: `move it into the hypervisors entry it belongs to, as "${entryKey}"`,
    }));
}

/**
 * The keys the spec names, and those of its objects as dotted paths (bmc.redfish_verify_certificate): a nested key
 * with a default, set to it by hand, means something the default does not.
 */
function givenKeys(raw: object): ReadonlySet<string> {
  const keys = Object.entries(raw).flatMap(([key, value]) =>
    typeof value === "object" && value !== null && !Array.isArray(value)
      ? [key, ...Object.keys(value).map((inner) => `${key}.${inner}`)]
      : [key],
  );
  return new Set(keys);
}

export function validate(raw: unknown): Validated {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    return {
      ok: false,
      findings: [{ severity: "error", path: [], value: raw, message: "the spec must be an object of keys and values" }],
    };
  }
  const result = specSchema.safeParse(raw);
  const exclusive = singleHostKeyFindings(raw);
  if (result.success && exclusive.length === 0) return { ok: true, spec: result.data, given: givenKeys(raw) };
  return {
    ok: false,
    findings: [
      ...exclusive,
      ...(result.success ? [] : result.error.issues.flatMap((issue) => issueFindings(issue, raw))),
    ],
  };
}
