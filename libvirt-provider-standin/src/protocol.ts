// TypeScript shapes of the tfplugin5 messages the stand-in uses, as
// loadProtocol() presents them (the conversion @grpc/proto-loader makes with
// the same options): field names as in the .proto, int64 as number, enums as
// their names, bytes as Buffer, absent fields as undefined.
import type { MethodDefinition, ServiceDefinition } from "@grpc/grpc-js";
import protobuf from "protobufjs";

export interface DynamicValue {
  msgpack?: Buffer;
  json?: Buffer;
}

type PathStep = { attribute_name: string } | { element_key_string: string } | { element_key_int: number };

export interface AttributePath {
  steps: PathStep[];
}

export interface Diagnostic {
  severity: "INVALID" | "ERROR" | "WARNING";
  summary: string;
  detail?: string;
  attribute?: AttributePath;
}

export type StringKind = "PLAIN" | "MARKDOWN";

interface SchemaAttributeMessage {
  name: string;
  type: Buffer;
  description: string;
  required: boolean;
  optional: boolean;
  computed: boolean;
  sensitive: boolean;
  description_kind: StringKind;
  deprecated: boolean;
}

export interface SchemaNestedBlockMessage {
  type_name: string;
  block: SchemaBlockMessage;
  nesting: "SINGLE" | "LIST" | "SET" | "MAP" | "GROUP";
  min_items: number;
  max_items: number;
}

export interface SchemaBlockMessage {
  version: number;
  attributes: SchemaAttributeMessage[];
  block_types: SchemaNestedBlockMessage[];
  description: string;
  description_kind: StringKind;
  deprecated: boolean;
}

export interface SchemaMessage {
  version: number;
  block: SchemaBlockMessage;
}

export interface GetProviderSchemaResponse {
  provider: SchemaMessage;
  resource_schemas: Record<string, SchemaMessage>;
  data_source_schemas: Record<string, SchemaMessage>;
  diagnostics: Diagnostic[];
  server_capabilities: { plan_destroy: boolean; get_provider_schema_optional: boolean; move_resource_state: boolean };
}

export interface PrepareProviderConfigRequest {
  config?: DynamicValue;
}
export interface PrepareProviderConfigResponse {
  prepared_config?: DynamicValue;
  diagnostics: Diagnostic[];
}

export interface ValidateConfigRequest {
  type_name: string;
  config?: DynamicValue;
}
export interface ValidateConfigResponse {
  diagnostics: Diagnostic[];
}

export interface UpgradeResourceStateRequest {
  type_name: string;
  version?: number;
  raw_state?: { json?: Buffer; flatmap?: Record<string, string> };
}
export interface UpgradeResourceStateResponse {
  upgraded_state?: DynamicValue;
  diagnostics: Diagnostic[];
}

export interface ConfigureRequest {
  terraform_version?: string;
  config?: DynamicValue;
}
export interface ConfigureResponse {
  diagnostics: Diagnostic[];
}

export interface ReadResourceRequest {
  type_name: string;
  current_state?: DynamicValue;
  private?: Buffer;
}
export interface ReadResourceResponse {
  new_state?: DynamicValue;
  diagnostics: Diagnostic[];
  private?: Buffer;
}

export interface PlanResourceChangeRequest {
  type_name: string;
  prior_state?: DynamicValue;
  proposed_new_state?: DynamicValue;
  config?: DynamicValue;
  prior_private?: Buffer;
}
export interface PlanResourceChangeResponse {
  planned_state?: DynamicValue;
  requires_replace: AttributePath[];
  planned_private?: Buffer;
  diagnostics: Diagnostic[];
  legacy_type_system: boolean;
}

export interface ApplyResourceChangeRequest {
  type_name: string;
  prior_state?: DynamicValue;
  planned_state?: DynamicValue;
  config?: DynamicValue;
  planned_private?: Buffer;
}
export interface ApplyResourceChangeResponse {
  new_state?: DynamicValue;
  private?: Buffer;
  diagnostics: Diagnostic[];
  legacy_type_system: boolean;
}

export interface ImportResourceStateRequest {
  type_name: string;
  id: string;
}
export interface ImportResourceStateResponse {
  imported_resources: { type_name: string; state: DynamicValue; private?: Buffer }[];
  diagnostics: Diagnostic[];
}

export interface ReadDataSourceRequest {
  type_name: string;
  config?: DynamicValue;
}
export interface ReadDataSourceResponse {
  state?: DynamicValue;
  diagnostics: Diagnostic[];
}

export interface StopResponse {
  Error: string;
}

export type Empty = Record<string, never>;

export interface ProtocolServices {
  provider: ServiceDefinition;
  controller: ServiceDefinition;
}

/** How decoded messages are presented: proto-loader's options, which the shapes above follow. */
const CONVERSION: protobuf.IConversionOptions = {
  longs: Number,
  enums: String,
  defaults: false,
  oneofs: true,
};

/**
 * A grpc-js service definition straight from protobufjs, with proto-loader's serializers. proto-loader's
 * loadSync would also build a descriptor of every message type, which the server never reads: that was a third
 * of the stand-in's start-up, paid at every one of the many starts Terraform makes.
 */
function serviceOf(root: protobuf.Root, name: string): ServiceDefinition {
  const service = root.lookupService(name);
  const definition: Record<string, MethodDefinition<object, object>> = {};
  for (const method of service.methodsArray) {
    const request = method.resolvedRequestType;
    const response = method.resolvedResponseType;
    if (!request || !response) throw new Error(`${name}.${method.name}: unresolved message types`);
    const serialize = (type: protobuf.Type) => (value: object) =>
      Buffer.from(type.encode(type.fromObject(value)).finish());
    const deserialize = (type: protobuf.Type) => (bytes: Buffer) => type.toObject(type.decode(bytes), CONVERSION);
    definition[method.name] = {
      path: `/${name}/${method.name}`,
      requestStream: method.requestStream === true,
      responseStream: method.responseStream === true,
      requestSerialize: serialize(request),
      requestDeserialize: deserialize(request),
      responseSerialize: serialize(response),
      responseDeserialize: deserialize(response),
      originalName: method.name.charAt(0).toLowerCase() + method.name.slice(1),
    };
  }
  return definition;
}

export function loadProtocol(protoFiles: string[]): ProtocolServices {
  const root = new protobuf.Root();
  root.loadSync(protoFiles, { keepCase: true });
  root.resolveAll();
  return {
    provider: serviceOf(root, "tfplugin5.Provider"),
    controller: serviceOf(root, "plugin.GRPCController"),
  };
}
