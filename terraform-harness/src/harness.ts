// Runs real Terraform, offline and sealed, on a generated configuration:
// checks the folder (policy.ts), copies only what Terraform reads into a
// scratch folder, then init against the stand-in libvirt provider, validate,
// plan, and optionally apply, plan again (which must find nothing to do) and
// destroy. Failures come back as values saying whose fault they are, naming
// the step and carrying Terraform's own diagnostics.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { validateWarnings } from "./diagnostics";
import type { Engine, EngineVersion } from "./engine";
import { prepare, type Prepared } from "./prepare";
import { failureResult, StepFailed, type ApplyFlowResult, type HarnessResult } from "./result";
import { checkEngine, DEFAULT_STEP_TIMEOUT_MS, engineOf, parsePlan, PLAN_FILE, stepper, varArgs } from "./steps";
import { createRunner, type StepResult } from "./terraform-run";
import { removeWorkspace } from "./workspace";

export interface RunTerraformOptions {
  /** Also apply the plan, plan again (must report no changes) and destroy. */
  apply?: boolean;
  /** `-var name=value` for plan (and the apply flow's later plan and destroy). */
  vars?: Record<string, string>;
  /** The Terraform (or OpenTofu) binary; defaults to $TERRAFORM, then `terraform` on PATH. */
  terraform?: string;
  /**
   * The engine that must run: without `terraform`, its binary is looked up by the engine's own variable and command
   * ($TOFU, then `tofu` on PATH, for OpenTofu); a binary that turns out to be the other engine is refused.
   */
  engine?: Engine;
  /** Told which engine and version answered, once, before init: verify prints it while Terraform works. */
  onEngine?: (binary: string, found: EngineVersion | null) => void;
  /** Per-step limit; a step that takes longer is killed (with the provider) and counts as failed. */
  stepTimeoutMs?: number;
  /** Where the scratch folder is made; defaults to os.tmpdir(). Never inside the folder verified. */
  scratchParent?: string;
}

/**
 * Copies what Terraform needs from `outDir` to a scratch folder and runs
 * Terraform there against the stand-in provider, sealed (see docs/verify.md).
 * Never throws for Terraform's own failures or a refused folder: check `ok`.
 */
export async function runTerraform(outDir: string, options: RunTerraformOptions = {}): Promise<HarnessResult> {
  const steps: StepResult[] = [];
  let prepared: Prepared | undefined;
  let version: string | null = null;
  let engine: Engine | null = null;
  try {
    prepared = await prepare(outDir, options);
    const run = createRunner({
      binary: prepared.binary,
      cwd: prepared.workspace.stack,
      timeoutMs: options.stepTimeoutMs ?? DEFAULT_STEP_TIMEOUT_MS,
      env: prepared.env,
    });
    const step = stepper(run, steps);
    const vars = varArgs(options.vars ?? {});

    const found = await engineOf(run);
    checkEngine(prepared.binary, found, options.engine);
    version = found?.version ?? null;
    engine = found?.engine ?? null;
    options.onEngine?.(prepared.binary, found);
    await step("init", ["init", "-input=false", "-no-color", `-plugin-dir=${prepared.mirror}`]);
    const validate = await step("validate", ["validate", "-json", "-no-color"]);
    await step("plan", ["plan", "-input=false", "-no-color", `-out=${PLAN_FILE}`, ...vars]);
    const show = await step("show", ["show", "-json", "-no-color", PLAN_FILE]);
    const plan = parsePlan(show.stdout);
    const lockFile = readFileSync(join(prepared.workspace.stack, ".terraform.lock.hcl"), "utf8");
    version = version ?? plan.terraform_version;

    let applyFlow: ApplyFlowResult | undefined;
    if (options.apply) {
      const apply = await step("apply", ["apply", "-input=false", "-no-color", "-auto-approve", PLAN_FILE]);
      const output = await step("output", ["output", "-no-color"]);
      // 0 = no changes, 2 = changes: both are answers, only 0 is the right one.
      const replan = await step("replan", ["plan", "-input=false", "-no-color", "-detailed-exitcode", ...vars], [0, 2]);
      if (replan.exitCode === 2) {
        throw new StepFailed("replan", `the plan after apply is not empty:\n${replan.stdout.trim()}`);
      }
      const destroy = await step("destroy", ["destroy", "-input=false", "-no-color", "-auto-approve", ...vars]);
      applyFlow = { apply, output, replan, destroy };
    }

    return {
      ok: true,
      terraformVersion: version,
      plan,
      lockFile,
      validateWarnings: validateWarnings(validate.stdout),
      ...(applyFlow ? { applyFlow } : {}),
      steps,
      remoteState: prepared.refs,
      engine,
    };
  } catch (err: unknown) {
    return failureResult(err, steps, { version, engine, refs: prepared?.refs ?? [] });
  } finally {
    if (prepared) removeWorkspace(prepared.workspace);
  }
}
