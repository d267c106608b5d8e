// What a `terraform plan -detailed-exitcode` wants to change, in a form a failure message can show. Day 2 asserts
// exactly "no changes": anything else is drift the generated configuration does not absorb. Every plan made here
// is on an applied lab, and none may delete a VM or a volume unless its test names that action.
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

export interface PlanOptions {
  /** `-var` arguments after the lab's own, which they override. */
  vars?: readonly string[];
  /** Plan on the state as it is, without reading libvirt again (the state was just refreshed). */
  noRefresh?: boolean;
  /** The deletions (`<address>: <actions>`) this plan is expected to make; any other one fails it. */
  expectedLoss?: readonly string[];
  /** Exit codes other than 0 and 2 that are a result rather than a failure: a plan a precondition refuses. */
  okExitCodes?: readonly number[];
}

/** Deleting one of these loses a VM with what it holds, or a disk with its data. */
const holdsState = (address: string): boolean => /^libvirt_(domain|volume)\./.test(address);

/**
 * The guard of every day-2 plan: throws when the plan deletes or replaces a VM or a volume, unless `expected`
 * names that very change.
 */
function expectNoLoss(step: string, changes: PlanChanges, expected: readonly string[] = []): void {
  const lost = changes.resources.filter((change) => {
    const [address = "", actions = ""] = change.split(": ");
    return holdsState(address) && actions.split(",").includes("delete") && !expected.includes(change);
  });
  if (lost.length > 0) {
    throw new Error(
      [
        `${step}: the plan would delete what an installed lab holds:`,
        ...lost,
        "all its changes:",
        ...changes.resources,
        changes.text,
      ].join("\n"),
    );
  }
}

export async function planChanges(
  context: LabContext,
  lab: Lab,
  planFile: string,
  options: PlanOptions = {},
): Promise<PlanChanges> {
  const plan = await terraform(
    context,
    lab,
    [
      "plan",
      "-detailed-exitcode",
      "-no-color",
      "-input=false",
      ...(options.noRefresh ? ["-refresh=false"] : []),
      `-out=${planFile}`,
      ...lab.vars,
      ...(options.vars ?? []),
    ],
    [2, ...(options.okExitCodes ?? [])],
  );
  if (plan.exitCode !== 0 && plan.exitCode !== 2) {
    return { exitCode: plan.exitCode, resources: [], outputs: [], text: `${plan.stdout}\n${plan.stderr}` };
  }
  const shown = await terraform(context, lab, ["show", "-json", planFile]);
  const json = JSON.parse(shown.stdout) as PlanJson;
  const changes = {
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
  expectNoLoss(planFile, changes, options.expectedLoss);
  return changes;
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
