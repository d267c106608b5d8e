// The provider schema as the stand-in reasons about it: the wire schema
// (the `terraform providers schema -json` shape) merged with the SDK-only
// facts (ForceNew, Default, case-insensitive diffs) the wire format lacks.
import { type CtyType, type CtyValue, parseCtyType } from "./cty";
import { count, flag, type JsonRecord, optionalRecord, recordAt, recordOrEmpty, text } from "./json-guards";

export type NestingMode = "single" | "list" | "set" | "map" | "group";

export interface AttributeSchema {
  name: string;
  /** The type exactly as the schema file spells it; sent to Terraform verbatim. */
  typeJson: unknown;
  type: CtyType;
  description: string;
  descriptionKind: "plain" | "markdown";
  required: boolean;
  optional: boolean;
  computed: boolean;
  sensitive: boolean;
  deprecated: boolean;
  forceNew: boolean;
  /** The SDK fills this in at plan time when the configuration leaves the attribute null. */
  defaultValue: CtyValue | undefined;
  /** The SDK's suppress.CaseDifference: a change of letter case alone is not a diff. */
  caseInsensitive: boolean;
}

export interface NestedBlockSchema {
  name: string;
  nesting: NestingMode;
  block: BlockSchema;
  minItems: number;
  maxItems: number;
  forceNew: boolean;
  /** SDK Optional+Computed: the wire schema cannot say so for a block, but the provider fills it when left out. */
  computed: boolean;
}

export interface BlockSchema {
  attributes: AttributeSchema[];
  blockTypes: NestedBlockSchema[];
  description: string;
  descriptionKind: "plain" | "markdown";
  deprecated: boolean;
}

export interface TypeSchema {
  version: number;
  block: BlockSchema;
}

export interface ProviderSchema {
  provider: TypeSchema;
  resources: Map<string, TypeSchema>;
  dataSources: Map<string, TypeSchema>;
}

const NESTING_MODES: readonly NestingMode[] = ["single", "list", "set", "map", "group"];

function nestingMode(value: unknown, where: string): NestingMode {
  const found = NESTING_MODES.find((mode) => mode === value);
  if (!found) throw new Error(`${where}: unknown nesting_mode ${JSON.stringify(value)}`);
  return found;
}

function descriptionKind(value: unknown): "plain" | "markdown" {
  return value === "markdown" ? "markdown" : "plain";
}

/** SDK defaults are Go literals; only scalar ones are meaningful for planning. */
function sdkDefault(raw: JsonRecord): CtyValue | undefined {
  const value = raw["Default"];
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return undefined;
}

/** The raw SDK schema of a nested block lives under `Elem.Schema`. */
function sdkNested(raw: JsonRecord): JsonRecord {
  return recordOrEmpty(recordOrEmpty(raw["Elem"])["Schema"]);
}

function buildBlock(json: JsonRecord, sdk: JsonRecord, where: string): BlockSchema {
  const attributes: AttributeSchema[] = [];
  for (const [name, value] of Object.entries(optionalRecord(json["attributes"], `${where}.attributes`))) {
    const attr = recordAt(value, `${where}.attributes.${name}`);
    const raw = recordOrEmpty(sdk[name]);
    attributes.push({
      name,
      typeJson: attr["type"],
      type: parseCtyType(attr["type"]),
      description: text(attr["description"]),
      descriptionKind: descriptionKind(attr["description_kind"]),
      required: flag(attr["required"]),
      optional: flag(attr["optional"]),
      computed: flag(attr["computed"]),
      sensitive: flag(attr["sensitive"]),
      deprecated: flag(attr["deprecated"]),
      forceNew: flag(raw["ForceNew"]),
      defaultValue: sdkDefault(raw),
      caseInsensitive: raw["DiffSuppressFunc"] === "suppress.CaseDifference",
    });
  }
  const blockTypes: NestedBlockSchema[] = [];
  for (const [name, value] of Object.entries(optionalRecord(json["block_types"], `${where}.block_types`))) {
    const nested = recordAt(value, `${where}.block_types.${name}`);
    const raw = recordOrEmpty(sdk[name]);
    blockTypes.push({
      name,
      nesting: nestingMode(nested["nesting_mode"], `${where}.block_types.${name}`),
      block: buildBlock(recordAt(nested["block"], `${where}.${name}.block`), sdkNested(raw), `${where}.${name}`),
      minItems: count(nested["min_items"]),
      maxItems: count(nested["max_items"]),
      forceNew: flag(raw["ForceNew"]),
      computed: flag(raw["Computed"]),
    });
  }
  return {
    attributes,
    blockTypes,
    description: text(json["description"]),
    descriptionKind: descriptionKind(json["description_kind"]),
    deprecated: flag(json["deprecated"]),
  };
}

function buildType(json: unknown, sdk: JsonRecord, where: string): TypeSchema {
  const entry = recordAt(json, where);
  return {
    version: count(entry["version"]),
    block: buildBlock(recordAt(entry["block"], `${where}.block`), sdk, where),
  };
}

function buildTypes(json: JsonRecord, sdk: JsonRecord, where: string): Map<string, TypeSchema> {
  const out = new Map<string, TypeSchema>();
  for (const [name, value] of Object.entries(json)) {
    const raw = recordOrEmpty(sdk[name]);
    out.set(name, buildType(value, optionalRecord(raw["Schema"], `sdk ${name}`), `${where}.${name}`));
  }
  return out;
}

/**
 * Builds the model from the two data files. `schemaJson` holds one provider
 * under `provider_schemas`; `sdkRaw` may be empty, which only loses defaults
 * and replacement hints.
 */
export function buildProviderSchema(schemaJson: unknown, sdkRaw: unknown): ProviderSchema {
  const providers = recordAt(recordAt(schemaJson, "schema")["provider_schemas"], "provider_schemas");
  const entries = Object.entries(providers);
  if (entries.length !== 1) throw new Error(`schema: expected one provider, found ${entries.length}`);
  const [address, value] = entries[0] as [string, unknown];
  const provider = recordAt(value, address);
  const sdk = optionalRecord(sdkRaw, "sdk-raw");
  return {
    provider: buildType(provider["provider"], optionalRecord(sdk["provider"], "sdk provider"), `${address}.provider`),
    resources: buildTypes(
      optionalRecord(provider["resource_schemas"], "resource_schemas"),
      optionalRecord(sdk["resources"], "sdk resources"),
      "resource",
    ),
    dataSources: buildTypes(
      optionalRecord(provider["data_source_schemas"], "data_source_schemas"),
      optionalRecord(sdk["data_sources"], "sdk data_sources"),
      "data",
    ),
  };
}
