// What a `terraform plan -detailed-exitcode` wants to change, in a form a failure message can show. Day 2 asserts
// exactly "no changes": anything else is drift the generated configuration does not absorb.
import type { Lab, LabContext } from "./lab";
import { terraform } from "./lab";

export interface PlanChanges {
  exitCode: number;
  /** `<address>: <actions>` for each resource change that is not a no-op, sorted. */
  resources: string[];
  /** `<output>: <actions>` for each output whose planned value changes, sorted. */
  outputs: string[];
  /** Terraform's own rendering of the plan, for the failure message. */
  text: string;
}

interface PlanJson {
  resource_changes?: Array<{ address: string; change: { actions: string[] } }>;
  output_changes?: Record<string, { actions: string[] }>;
}

const changing = (actions: readonly string[]): boolean =>
  !(actions.length === 1 && (actions[0] === "no-op" || actions[0] === "read"));

export async function planChanges(context: LabContext, lab: Lab, planFile: string): Promise<PlanChanges> {
  const plan = await terraform(
    context,
    lab,
    ["plan", "-detailed-exitcode", "-no-color", "-input=false", `-out=${planFile}`, ...lab.vars],
    [2],
  );
  const shown = await terraform(context, lab, ["show", "-json", planFile]);
  const json = JSON.parse(shown.stdout) as PlanJson;
  return {
    exitCode: plan.exitCode,
    resources: (json.resource_changes ?? [])
      .filter((change) => changing(change.change.actions))
      .map((change) => `${change.address}: ${change.change.actions.join(",")}`)
      .sort(),
    outputs: Object.entries(json.output_changes ?? {})
      .filter(([, change]) => changing(change.actions))
      .map(([name, change]) => `${name}: ${change.actions.join(",")}`)
      .sort(),
    text: plan.stdout,
  };
}

/** Throws, showing what the plan wants, unless it exited 0 with nothing to change. */
export function expectNoChanges(step: string, changes: PlanChanges): void {
  if (changes.exitCode === 0 && changes.resources.length === 0 && changes.outputs.length === 0) return;
  // Only the part after "Terraform will perform…" matters; the refresh lines before it are noise.
  const from = changes.text.search(/Terraform (will perform|used the selected providers)/);
  throw new Error(
    [
      `${step}: plan -detailed-exitcode exited ${changes.exitCode}, expected 0 (no changes)`,
      `resources: ${changes.resources.join("; ") || "none"}`,
      `outputs: ${changes.outputs.join("; ") || "none"}`,
      from >= 0 ? changes.text.slice(from) : changes.text,
    ].join("\n"),
  );
}
