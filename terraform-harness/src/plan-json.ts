// The parts of `terraform show -json <planfile>` this project reads. The
// format carries much more; everything else stays reachable as unknown.

export interface PlanResourceJson {
  address: string;
  mode: "managed" | "data";
  type: string;
  name: string;
  index?: number | string;
  provider_name?: string;
  /** Known planned attribute values; unknown ones are absent. */
  values?: Record<string, unknown>;
  sensitive_values?: Record<string, unknown>;
}

interface PlanModuleJson {
  address?: string;
  resources?: PlanResourceJson[];
  child_modules?: PlanModuleJson[];
}

type PlanAction = "no-op" | "create" | "read" | "update" | "delete" | "forget";

interface ResourceChangeJson {
  address: string;
  mode: "managed" | "data";
  type: string;
  name: string;
  index?: number | string;
  change: {
    actions: PlanAction[];
    before: unknown;
    after: unknown;
    after_unknown?: unknown;
    replace_paths?: unknown[][];
  };
}

export interface TerraformPlanJson {
  format_version: string;
  terraform_version: string;
  variables?: Record<string, { value: unknown }>;
  planned_values?: { outputs?: Record<string, { sensitive: boolean; value?: unknown }>; root_module?: PlanModuleJson };
  resource_changes?: ResourceChangeJson[];
  configuration?: unknown;
  errored?: boolean;
  [key: string]: unknown;
}

/** Every planned resource, child modules included. */
export function plannedResources(plan: TerraformPlanJson): PlanResourceJson[] {
  const out: PlanResourceJson[] = [];
  const visit = (module: PlanModuleJson | undefined): void => {
    if (!module) return;
    out.push(...(module.resources ?? []));
    for (const child of module.child_modules ?? []) visit(child);
  };
  visit(plan.planned_values?.root_module);
  return out;
}
