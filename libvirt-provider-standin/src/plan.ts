// PlanResourceChange, following what SDKv2 does for a provider of this age:
// fill schema defaults, leave computed-only parts unknown until apply, keep
// prior computed values on update, and ask for replacement when a ForceNew
// argument changes.
import { type CtyValue, isObject, UNKNOWN, valuesEqual } from "./cty";
import type { BlockSchema, NestedBlockSchema } from "./schema-model";
import { type AttributeVisitor, walkBlock } from "./schema-walk";

export type ValuePath = (string | number)[];

export interface PlannedChange {
  planned: CtyValue;
  requiresReplace: ValuePath[];
}

/**
 * The SDK writes a schema Default wherever the configuration leaves an attribute null, except an empty-string
 * Default: that is the string's zero value, so the SDK sees no change and the plan keeps null (the real provider
 * plans libvirt_domain.coreos_ignition as null).
 */
const fillDefaults: AttributeVisitor = (attr, value, related) =>
  value === null && related.config === null && attr.defaultValue !== undefined && attr.defaultValue !== ""
    ? attr.defaultValue
    : value;

/**
 * Computed attributes the configuration does not set are decided by the
 * provider at apply time. Used on create and on replace, where prior values
 * no longer describe the new object.
 */
const unknownComputed: AttributeVisitor = (attr, value, related) =>
  attr.computed && related.config === null ? UNKNOWN : value;

/** Core already copies prior values into unset computed attributes; this covers nested gaps it leaves. */
const keepPriorComputed: AttributeVisitor = (attr, value, related) =>
  attr.computed && value === null && related.config === null ? related.prior : value;

/** suppress.CaseDifference: "52:54:00:AA:..." and "52:54:00:aa:..." are the same MAC. */
const suppressCaseDiff: AttributeVisitor = (attr, value, related) =>
  attr.caseInsensitive &&
  typeof value === "string" &&
  typeof related.prior === "string" &&
  value.toLowerCase() === related.prior.toLowerCase()
    ? related.prior
    : value;

function containsForceNew(block: BlockSchema): boolean {
  return (
    block.attributes.some((a) => a.forceNew) || block.blockTypes.some((b) => b.forceNew || containsForceNew(b.block))
  );
}

function nestedReplacePaths(
  nested: NestedBlockSchema,
  planned: CtyValue,
  prior: CtyValue,
  path: ValuePath,
): ValuePath[] {
  if (valuesEqual(planned, prior)) return [];
  if (nested.forceNew) return [path];
  if (nested.nesting === "single" || nested.nesting === "group") {
    return isObject(planned) && isObject(prior) ? replacePaths(nested.block, planned, prior, path) : [];
  }
  if (nested.nesting === "list" && Array.isArray(planned) && Array.isArray(prior) && planned.length === prior.length) {
    return planned.flatMap((item, i) => replacePaths(nested.block, item, prior[i] ?? null, [...path, i]));
  }
  // Elements added or removed (or a set changed): any ForceNew argument inside
  // them changed from or to nothing, so the SDK would replace.
  return containsForceNew(nested.block) ? [path] : [];
}

/** Paths of ForceNew arguments whose planned value differs from the prior state. */
function replacePaths(block: BlockSchema, planned: CtyValue, prior: CtyValue, path: ValuePath = []): ValuePath[] {
  if (!isObject(planned) || !isObject(prior)) return [];
  const out: ValuePath[] = [];
  for (const attr of block.attributes) {
    if (attr.forceNew && !valuesEqual(planned[attr.name] ?? null, prior[attr.name] ?? null))
      out.push([...path, attr.name]);
  }
  for (const nested of block.blockTypes) {
    out.push(
      ...nestedReplacePaths(nested, planned[nested.name] ?? null, prior[nested.name] ?? null, [...path, nested.name]),
    );
  }
  return out;
}

const noBlocks = (value: CtyValue): boolean =>
  value === null ||
  (Array.isArray(value) && value.length === 0) ||
  (isObject(value) && Object.keys(value).length === 0);

/**
 * An Optional+Computed block the configuration leaves out (libvirt_domain's cpu and nvram, libvirt_network's
 * dns): the SDK plans it unknown on create, to be read back from libvirt, and keeps the prior value on update.
 */
function computedBlocks(block: BlockSchema, planned: CtyValue, prior: CtyValue, config: CtyValue): CtyValue {
  if (!isObject(planned)) return planned;
  const out = { ...planned };
  for (const nested of block.blockTypes) {
    if (!nested.computed || !noBlocks(isObject(config) ? (config[nested.name] ?? null) : null)) continue;
    out[nested.name] = isObject(prior) ? (prior[nested.name] ?? null) : UNKNOWN;
  }
  return out;
}

export function planChange(block: BlockSchema, prior: CtyValue, proposed: CtyValue, config: CtyValue): PlannedChange {
  // A null proposal is a destroy; there is nothing to plan.
  if (proposed === null) return { planned: null, requiresReplace: [] };
  const withDefaults = computedBlocks(
    block,
    walkBlock(block, proposed, { config, prior }, fillDefaults),
    prior,
    config,
  );
  if (prior === null) {
    return { planned: walkBlock(block, withDefaults, { config, prior }, unknownComputed), requiresReplace: [] };
  }
  const update = walkBlock(
    block,
    walkBlock(block, withDefaults, { config, prior }, keepPriorComputed),
    { config, prior },
    suppressCaseDiff,
  );
  const requiresReplace = replacePaths(block, update, prior);
  if (requiresReplace.length === 0) return { planned: update, requiresReplace };
  return { planned: walkBlock(block, update, { config, prior }, unknownComputed), requiresReplace };
}
