// The tfplugin5.Provider operations, as plain functions from request to
// response. Nothing here talks to libvirt: values are planned from the
// schema and invented on apply.
import { type CtyValue, isObject, UNKNOWN } from "./cty";
import { decodeDynamic, encodeDynamic } from "./msgpack-codec";
import { planChange, type ValuePath } from "./plan";
import type {
  ApplyResourceChangeRequest,
  ApplyResourceChangeResponse,
  AttributePath,
  ConfigureRequest,
  ConfigureResponse,
  Diagnostic,
  GetProviderSchemaResponse,
  ImportResourceStateRequest,
  ImportResourceStateResponse,
  PlanResourceChangeRequest,
  PlanResourceChangeResponse,
  PrepareProviderConfigRequest,
  PrepareProviderConfigResponse,
  ReadDataSourceRequest,
  ReadDataSourceResponse,
  ReadResourceRequest,
  ReadResourceResponse,
  StopResponse,
  UpgradeResourceStateRequest,
  UpgradeResourceStateResponse,
  ValidateConfigRequest,
  ValidateConfigResponse,
} from "./protocol";
import { resolveUnknowns } from "./resolve";
import type { ProviderSchema, TypeSchema } from "./schema-model";
import { providerSchemaResponse } from "./schema-proto";
import { emptyObject, walkBlock } from "./schema-walk";
import { conformBlock } from "./state-upgrade";

function error(summary: string, detail = ""): Diagnostic {
  return { severity: "ERROR", summary, detail };
}

function toAttributePath(path: ValuePath): AttributePath {
  return {
    steps: path.map((step) => (typeof step === "number" ? { element_key_int: step } : { attribute_name: step })),
  };
}

/** Data sources compute everything the configuration leaves out. */
function readDataSource(typeName: string, schema: TypeSchema, config: CtyValue): CtyValue {
  const withUnknowns = walkBlock(schema.block, config, { config, prior: null }, (attr, value) =>
    attr.computed && value === null ? UNKNOWN : value,
  );
  return resolveUnknowns(typeName, schema.block, withUnknowns);
}

export interface ProviderOperations {
  getSchema(): GetProviderSchemaResponse;
  prepareProviderConfig(req: PrepareProviderConfigRequest): PrepareProviderConfigResponse;
  validateResourceTypeConfig(req: ValidateConfigRequest): ValidateConfigResponse;
  validateDataSourceConfig(req: ValidateConfigRequest): ValidateConfigResponse;
  upgradeResourceState(req: UpgradeResourceStateRequest): UpgradeResourceStateResponse;
  configure(req: ConfigureRequest): ConfigureResponse;
  readResource(req: ReadResourceRequest): ReadResourceResponse;
  planResourceChange(req: PlanResourceChangeRequest): PlanResourceChangeResponse;
  applyResourceChange(req: ApplyResourceChangeRequest): ApplyResourceChangeResponse;
  importResourceState(req: ImportResourceStateRequest): ImportResourceStateResponse;
  readDataSource(req: ReadDataSourceRequest): ReadDataSourceResponse;
  stop(): StopResponse;
}

export function createProvider(schema: ProviderSchema): ProviderOperations {
  let schemaResponse: GetProviderSchemaResponse | undefined;
  const unknownType = (kind: string, name: string): Diagnostic =>
    error(`Unknown ${kind} type ${JSON.stringify(name)}`, `dmacvicar/libvirt 0.8.3 has no ${kind} named ${name}.`);
  const validate = (types: Map<string, TypeSchema>, kind: string) => (req: ValidateConfigRequest) => ({
    // Core has already checked the configuration against the schema; the
    // SDK's own value validators are not worth imitating here.
    diagnostics: types.has(req.type_name) ? [] : [unknownType(kind, req.type_name)],
  });

  return {
    getSchema: () => (schemaResponse ??= providerSchemaResponse(schema)),

    prepareProviderConfig: (req) => ({ prepared_config: req.config ?? encodeDynamic(null), diagnostics: [] }),

    validateResourceTypeConfig: validate(schema.resources, "resource"),
    validateDataSourceConfig: validate(schema.dataSources, "data source"),

    upgradeResourceState(req) {
      const type = schema.resources.get(req.type_name);
      if (!type) return { diagnostics: [unknownType("resource", req.type_name)] };
      const json = req.raw_state?.json;
      if (!json || json.length === 0) {
        return {
          diagnostics: [
            error("Unsupported state format", "Only JSON resource state (Terraform 0.12 and later) is supported."),
          ],
        };
      }
      const upgraded = conformBlock(type.block, JSON.parse(json.toString("utf8")));
      return { upgraded_state: encodeDynamic(upgraded), diagnostics: [] };
    },

    configure: () => ({ diagnostics: [] }),

    // Nothing changes behind Terraform's back in a stand-in world.
    readResource: (req) => ({ new_state: req.current_state, private: req.private, diagnostics: [] }),

    planResourceChange(req) {
      const type = schema.resources.get(req.type_name);
      if (!type)
        return {
          requires_replace: [],
          diagnostics: [unknownType("resource", req.type_name)],
          legacy_type_system: true,
        };
      const result = planChange(
        type.block,
        decodeDynamic(req.prior_state),
        decodeDynamic(req.proposed_new_state),
        decodeDynamic(req.config),
      );
      return {
        planned_state: encodeDynamic(result.planned),
        requires_replace: result.requiresReplace.map(toAttributePath),
        planned_private: req.prior_private,
        diagnostics: [],
        // What SDKv2 sets: it lets Terraform accept defaults planned for non-computed attributes.
        legacy_type_system: true,
      };
    },

    applyResourceChange(req) {
      const type = schema.resources.get(req.type_name);
      if (!type) return { diagnostics: [unknownType("resource", req.type_name)], legacy_type_system: true };
      const planned = decodeDynamic(req.planned_state);
      // A null planned state is a destroy: the object simply stops existing.
      const newState = planned === null ? null : resolveUnknowns(req.type_name, type.block, planned);
      return {
        new_state: encodeDynamic(newState),
        private: req.planned_private,
        diagnostics: [],
        legacy_type_system: true,
      };
    },

    importResourceState(req) {
      const type = schema.resources.get(req.type_name);
      if (!type) return { imported_resources: [], diagnostics: [unknownType("resource", req.type_name)] };
      // Like the SDK's passthrough importer: only the id is known until the next read.
      const state = { ...emptyObject(type.block), id: req.id };
      return { imported_resources: [{ type_name: req.type_name, state: encodeDynamic(state) }], diagnostics: [] };
    },

    readDataSource(req) {
      const type = schema.dataSources.get(req.type_name);
      if (!type) return { diagnostics: [unknownType("data source", req.type_name)] };
      const config = decodeDynamic(req.config);
      if (!isObject(config)) return { diagnostics: [error("Data source configuration is missing")] };
      return { state: encodeDynamic(readDataSource(req.type_name, type, config)), diagnostics: [] };
    },

    stop: () => ({ Error: "" }),
  };
}
