// What a `terraform plan` wants to change, in a form tests compare exactly, and what the configuration under
// test is expected to want at each day-2 step. The expectation follows the HCL: while a fix is missing from the
// generated configuration the drift it would prevent is expected, precisely; once the fix is there, none is.
// So the test holds before and after the generator changes, and fails on any drift nobody has accounted for.
import type { HclJson } from "../helpers";
import type { Lab, LabContext } from "./lab";
import { terraform } from "./lab";

export interface PlanChanges {
  exitCode: number;
  /** `<address>: <actions>` for each resource change that is not a no-op, sorted. */
  resources: string[];
  /** Names of outputs whose planned value changes. */
  outputs: string[];
}

interface PlanJson {
  resource_changes?: Array<{ address: string; change: { actions: string[] } }>;
  output_changes?: Record<string, { actions: string[] }>;
}

export async function planChanges(context: LabContext, lab: Lab, planFile: string): Promise<PlanChanges> {
  const plan = await terraform(
    context,
    lab,
    ["plan", "-detailed-exitcode", "-no-color", "-input=false", `-out=${planFile}`, ...lab.vars],
    [2],
  );
  const shown = await terraform(context, lab, ["show", "-json", planFile]);
  const json = JSON.parse(shown.stdout) as PlanJson;
  const notNoop = (actions: string[]) => !(actions.length === 1 && (actions[0] === "no-op" || actions[0] === "read"));
  return {
    exitCode: plan.exitCode,
    resources: (json.resource_changes ?? [])
      .filter((change) => notNoop(change.change.actions))
      .map((change) => `${change.address}: ${change.change.actions.join(",")}`)
      .sort(),
    outputs: Object.entries(json.output_changes ?? {})
      .filter(([, change]) => notNoop(change.actions))
      .map(([name]) => name)
      .sort(),
  };
}

const firstBody = (value: unknown): HclJson | undefined => (Array.isArray(value) ? value[0] : undefined);

/** The attributes a resource's lifecycle ignores, without hcl2json's `${…}` wrapping. */
export function ignoredChanges(hcl: HclJson, type: string, name: string): string[] {
  const lifecycle = firstBody(firstBody(hcl["resource"]?.[type]?.[name])?.["lifecycle"]);
  const ignored: unknown = lifecycle?.["ignore_changes"];
  if (ignored === "${all}" || ignored === "all") return ["all"];
  return Array.isArray(ignored) ? ignored.map((item) => String(item).replace(/^\$\{(.*)\}$/, "$1")) : [];
}

export function networkAutostart(hcl: HclJson, name: string): boolean {
  return firstBody(hcl["resource"]?.["libvirt_network"]?.[name])?.["autostart"] === true;
}

/**
 * The provider reads MACs back upper-case (resource_libvirt_domain.go, Read), while the configuration gives them
 * lower-case: an output that repeats them changes on every refresh unless it normalises them.
 */
export function macOutputsNormalised(hcl: HclJson): boolean {
  const value = String(firstBody(hcl["output"]?.["node_macs"])?.["value"] ?? "");
  return value === "" || /\blower\(/.test(value);
}

export type Day2Step = "after apply" | "after virsh start" | "after cdrom and power cycle" | "after eject";

/** The changes a plan of `lab` is expected to show after `step`, done to master 0. */
export function expectedChanges(lab: Lab, step: Day2Step): Omit<PlanChanges, "exitCode"> {
  const outputs = macOutputsNormalised(lab.hcl) ? [] : ["node_macs"];
  const ignored = ignoredChanges(lab.hcl, "libvirt_domain", "master_domains");
  const ignores = (attribute: string) => ignored.includes(attribute) || ignored.includes("all");
  const master = "libvirt_domain.master_domains[0]";
  let resources: string[] = [];
  if (step === "after virsh start" && !ignores("running")) resources = [`${master}: update`];
  if (step === "after cdrom and power cycle" || step === "after eject") {
    // The live XML's extra disk forces replacement; with disks ignored, only the running state is left.
    if (!ignores("disk")) resources = [`${master}: delete,create`];
    else if (!ignores("running")) resources = [`${master}: update`];
  }
  return { resources, outputs };
}
