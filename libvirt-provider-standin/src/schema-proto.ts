// Turns the schema model into GetSchema's wire messages.
import type {
  GetProviderSchemaResponse,
  SchemaBlockMessage,
  SchemaMessage,
  SchemaNestedBlockMessage,
  StringKind,
} from "./protocol";
import type { BlockSchema, NestingMode, ProviderSchema, TypeSchema } from "./schema-model";

const NESTING: Record<NestingMode, SchemaNestedBlockMessage["nesting"]> = {
  single: "SINGLE",
  list: "LIST",
  set: "SET",
  map: "MAP",
  group: "GROUP",
};

function kind(value: "plain" | "markdown"): StringKind {
  return value === "markdown" ? "MARKDOWN" : "PLAIN";
}

const byName = <T extends { name: string }>(a: T, b: T): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function blockMessage(block: BlockSchema): SchemaBlockMessage {
  return {
    version: 0,
    // Sorted like the SDK sends them, so plan output lists attributes predictably.
    attributes: [...block.attributes].sort(byName).map((attr) => ({
      name: attr.name,
      // Terraform parses the type with cty's JSON type syntax, the same syntax the schema file uses.
      type: Buffer.from(JSON.stringify(attr.typeJson), "utf8"),
      description: attr.description,
      required: attr.required,
      optional: attr.optional,
      computed: attr.computed,
      sensitive: attr.sensitive,
      description_kind: kind(attr.descriptionKind),
      deprecated: attr.deprecated,
    })),
    block_types: [...block.blockTypes].sort(byName).map((nested): SchemaNestedBlockMessage => ({
      type_name: nested.name,
      block: blockMessage(nested.block),
      nesting: NESTING[nested.nesting],
      min_items: nested.minItems,
      max_items: nested.maxItems,
    })),
    description: block.description,
    description_kind: kind(block.descriptionKind),
    deprecated: block.deprecated,
  };
}

function schemaMessage(type: TypeSchema): SchemaMessage {
  return { version: type.version, block: blockMessage(type.block) };
}

function schemaMap(types: Map<string, TypeSchema>): Record<string, SchemaMessage> {
  const out: Record<string, SchemaMessage> = {};
  for (const [name, type] of types) out[name] = schemaMessage(type);
  return out;
}

export function providerSchemaResponse(schema: ProviderSchema): GetProviderSchemaResponse {
  return {
    provider: schemaMessage(schema.provider),
    resource_schemas: schemaMap(schema.resources),
    data_source_schemas: schemaMap(schema.dataSources),
    diagnostics: [],
    // No plan_destroy: Terraform then destroys without asking for a plan, as with SDK providers of this age.
    server_capabilities: { plan_destroy: false, get_provider_schema_optional: false, move_resource_state: false },
  };
}
