// The Terraform steps of a run, through one sealed runner: each is recorded, and fails with Terraform's own
// diagnostics when its exit code is not an answer; and, before them, the engine the binary says it is.
import { stepDiagnostics } from "./diagnostics";
import { describeEngine, engineTitle, parseEngineVersion, type Engine, type EngineVersion } from "./engine";
import type { TerraformPlanJson } from "./plan-json";
import { StepFailed } from "./result";
import type { StepName, StepResult, StepRunner } from "./terraform-run";

export const DEFAULT_STEP_TIMEOUT_MS = 5 * 60 * 1000;
export const PLAN_FILE = "plan.bin";

export function varArgs(vars: Record<string, string>): string[] {
  return Object.entries(vars).flatMap(([name, value]) => ["-var", `${name}=${value}`]);
}

export function parsePlan(stdout: string): TerraformPlanJson {
  const parsed: unknown = JSON.parse(stdout);
  if (typeof parsed !== "object" || parsed === null || !("format_version" in parsed)) {
    throw new StepFailed("show", "terraform show -json did not print a plan");
  }
  return parsed as TerraformPlanJson;
}

/** The engine the binary says it is; a binary that is not the engine asked for fails here, before init. */
export function checkEngine(binary: string, found: EngineVersion | null, wanted: Engine | undefined): void {
  if (!wanted || found?.engine === wanted) return;
  const is = found ? describeEngine(found) : "neither Terraform nor OpenTofu (its `version` names neither)";
  throw new StepFailed("setup", `${engineTitle(wanted)} was asked for, but ${binary} is ${is}`, "environment");
}

/** A step through `run`, recorded in `steps`; an exit code outside `okCodes` fails it with its diagnostics. */
export function stepper(run: StepRunner, steps: StepResult[]) {
  return async (name: StepName, args: string[], okCodes: readonly number[] = [0]): Promise<StepResult> => {
    const result = await run(name, args);
    steps.push(result);
    if (!okCodes.includes(result.exitCode)) throw new StepFailed(name, stepDiagnostics(result));
    return result;
  };
}

/**
 * The engine and version the binary names. Not one of the steps, but through the same sealed runner; the plain
 * output, since `version -json` says `terraform_version` under both engines.
 */
export async function engineOf(run: StepRunner): Promise<EngineVersion | null> {
  return parseEngineVersion((await run("setup", ["version"])).stdout);
}
