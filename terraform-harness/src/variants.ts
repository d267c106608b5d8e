// One configuration planned under many sets of -var values, with one init and one validate for all of them.
import { cpSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { validateWarnings } from "./diagnostics";
import type { Engine } from "./engine";
import type { RunTerraformOptions } from "./harness";
import { prepare, type Prepared } from "./prepare";
import { failureResult, type HarnessFailure, type HarnessResult } from "./result";
import { DEFAULT_STEP_TIMEOUT_MS, engineOf, parsePlan, PLAN_FILE, stepper, varArgs } from "./steps";
import { createRunner, type StepResult } from "./terraform-run";
import { removeWorkspace, writePlaceholder } from "./workspace";

interface VariantOptions extends Omit<RunTerraformOptions, "vars" | "apply" | "onEngine" | "engine"> {
  /** How many plans run side by side; default 2. */
  concurrency?: number;
}

/**
 * One configuration planned under several sets of `-var` values, each result as `runTerraform(outDir, { vars })`
 * gives it, but with one `init` and one `validate` for all: neither reads -var values, and together they cost as
 * much as a plan. Each plan (and its `show`) runs in its own copy of the initialised folder, since a plan holds the
 * folder's state lock. The shared steps come first in every result's steps; if one fails, every result is that
 * failure. For tests that hold many -var overrides against one configuration.
 */
export async function runTerraformVariants(
  outDir: string,
  variants: readonly Readonly<Record<string, string>>[],
  options: VariantOptions = {},
): Promise<HarnessResult[]> {
  const shared: StepResult[] = [];
  let prepared: Prepared | undefined;
  let version: string | null = null;
  let engine: Engine | null = null;
  const failure = (err: unknown, steps: StepResult[]): HarnessFailure =>
    failureResult(err, steps, { version, engine, refs: prepared?.refs ?? [] });
  try {
    prepared = await prepare(outDir, options);
    const { binary, env, workspace } = prepared;
    const timeoutMs = options.stepTimeoutMs ?? DEFAULT_STEP_TIMEOUT_MS;
    const runIn = (cwd: string) => createRunner({ binary, cwd, timeoutMs, env });
    const stepIn = (cwd: string, steps: StepResult[]) => stepper(runIn(cwd), steps);
    const found = await engineOf(runIn(workspace.stack));
    version = found?.version ?? null;
    engine = found?.engine ?? null;
    const step = stepIn(workspace.stack, shared);
    await step("init", ["init", "-input=false", "-no-color", `-plugin-dir=${prepared.mirror}`]);
    const validate = await step("validate", ["validate", "-json", "-no-color"]);
    const lockFile = readFileSync(join(workspace.stack, ".terraform.lock.hcl"), "utf8");
    const baseImage = prepared.imageFor({});

    const planVariant = async (vars: Readonly<Record<string, string>>, index: number): Promise<HarnessResult> => {
      const steps = [...shared];
      // Beside the original, so that paths the configuration reads relative to its folder (../terraform.tfstate)
      // resolve to the same files.
      const copy = join(workspace.root, `stack-${index}`);
      try {
        cpSync(workspace.stack, copy, { recursive: true, verbatimSymlinks: true });
        const image = prepared?.imageFor(vars) ?? null;
        if (image && image !== baseImage) writePlaceholder({ ...workspace, stack: copy }, image);
        const variantStep = stepIn(copy, steps);
        await variantStep("plan", ["plan", "-input=false", "-no-color", `-out=${PLAN_FILE}`, ...varArgs(vars)]);
        const plan = parsePlan((await variantStep("show", ["show", "-json", "-no-color", PLAN_FILE])).stdout);
        return {
          ok: true,
          terraformVersion: version ?? plan.terraform_version,
          plan,
          lockFile,
          validateWarnings: validateWarnings(validate.stdout),
          steps,
          remoteState: prepared?.refs ?? [],
          engine,
        };
      } catch (err: unknown) {
        return failure(err, steps);
      }
    };
    const results: HarnessResult[] = new Array<HarnessResult>(variants.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let index = next++; index < variants.length; index = next++)
        results[index] = await planVariant(variants[index] ?? {}, index);
    };
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 2) }, worker));
    return results;
  } catch (err: unknown) {
    const failed = failure(err, shared);
    return variants.map(() => failed);
  } finally {
    if (prepared) removeWorkspace(prepared.workspace);
  }
}
