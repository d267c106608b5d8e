// The known part of a plan's values, and where two plans' known values differ. Unknown ("known after apply")
// values are dropped: they say nothing about what either provider would create.
interface PlanChangeJson {
  address: string;
  mode: string;
  change: { actions: string[]; after: unknown; after_unknown?: unknown };
}

export interface PlanJson {
  resource_changes?: PlanChangeJson[];
  output_changes?: Record<string, { actions: string[]; after: unknown; after_unknown?: unknown }>;
}

/** Stands where an unknown value was: a list keeps its length, so the elements after it keep their index. */
const DROPPED = "(known after apply)";

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** `value` with every part that `unknown` (Terraform's after_unknown) marks true replaced by DROPPED. */
function knownPart(value: unknown, unknown: unknown): unknown {
  if (unknown === true) return DROPPED;
  if (Array.isArray(value)) {
    const marks = Array.isArray(unknown) ? unknown : [];
    return value.map((item, index) => knownPart(item, marks[index]));
  }
  if (isRecord(value)) {
    const marks = isRecord(unknown) ? unknown : {};
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = knownPart(item, marks[key]);
    // Attributes unknown as a whole are absent from `after` and true in after_unknown.
    for (const [key, mark] of Object.entries(marks)) if (mark === true && !(key in value)) out[key] = DROPPED;
    return out;
  }
  return value;
}

/** Every managed resource's and output's planned value, known parts only, by address (`output.<name>`). */
export function knownPlannedValues(plan: PlanJson, normalise: (text: string) => string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const clean = (value: unknown): unknown => {
    if (typeof value === "string") return normalise(value);
    if (Array.isArray(value)) return value.map(clean);
    if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clean(v)]));
    return value;
  };
  for (const change of plan.resource_changes ?? []) {
    if (change.mode !== "managed") continue;
    out.set(change.address, clean(knownPart(change.change.after, change.change.after_unknown)));
  }
  for (const [name, change] of Object.entries(plan.output_changes ?? {})) {
    out.set(`output.${name}`, clean(knownPart(change.after, change.after_unknown)));
  }
  return out;
}

export interface Difference {
  /** `<address>.<attribute path>`, list indexes as `[n]`. */
  path: string;
  standin: unknown;
  real: unknown;
}

const ABSENT = "(absent)";

function differences(standin: unknown, real: unknown, path: string): Difference[] {
  if (Array.isArray(standin) && Array.isArray(real)) {
    const out: Difference[] = [];
    for (let i = 0; i < Math.max(standin.length, real.length); i++) {
      out.push(
        ...differences(i < standin.length ? standin[i] : ABSENT, i < real.length ? real[i] : ABSENT, `${path}[${i}]`),
      );
    }
    return out;
  }
  if (isRecord(standin) && isRecord(real)) {
    const keys = [...new Set([...Object.keys(standin), ...Object.keys(real)])].sort();
    return keys.flatMap((key) =>
      differences(key in standin ? standin[key] : ABSENT, key in real ? real[key] : ABSENT, `${path}.${key}`),
    );
  }
  return JSON.stringify(standin) === JSON.stringify(real) ? [] : [{ path, standin, real }];
}

/** Every difference between two plans' known values, resource by resource. */
export function planDifferences(standin: Map<string, unknown>, real: Map<string, unknown>): Difference[] {
  const addresses = [...new Set([...standin.keys(), ...real.keys()])].sort();
  return addresses.flatMap((address) =>
    differences(
      standin.has(address) ? standin.get(address) : ABSENT,
      real.has(address) ? real.get(address) : ABSENT,
      address,
    ),
  );
}

/** A path with list indexes and count/for_each keys generalised, so one reason covers every node. */
export const generalPath = (path: string): string => path.replace(/\[(\d+|"[^"]*")\]/g, "[*]");
