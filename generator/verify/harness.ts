// Runs real Terraform, offline, on a generated configuration: init against
// the stand-in libvirt provider, validate, plan, and optionally apply, plan
// again (which must find nothing to do) and destroy. Failures come back as
// values naming the step and carrying Terraform's own diagnostics.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { homeFileReferences, readConfigFiles } from "./config-files";
import { stepDiagnostics, validateWarnings } from "./diagnostics";
import type { TerraformPlanJson } from "./plan-json";
import { locateStandinBundle, writeCliConfig, writeProviderMirror } from "./provider-mirror";
import {
  DEFAULT_REMOTE_STATE_OUTPUTS,
  parentLevelsNeeded,
  type RemoteStateRef,
  scanRemoteState,
  writeRemoteState,
} from "./remote-state";
import { writeKeyFiles } from "./ssh-keys";
import { findTerraform, terraformCommand, terraformVersion } from "./terraform-binary";
import { createRunner, type StepName, type StepResult } from "./terraform-run";
import { createWorkspace, removeWorkspace, type Workspace } from "./workspace";

export { formatPlanSummary, summarisePlan, type DomainSummary, type PlanSummary } from "./plan-summary";
export { plannedResources, type PlanResourceJson, type ResourceChangeJson, type TerraformPlanJson } from "./plan-json";
export { findTerraform, terraformAvailable, terraformCommand, terraformVersion } from "./terraform-binary";
export type { StepName, StepResult } from "./terraform-run";
export { DEFAULT_REMOTE_STATE_OUTPUTS, type RemoteStateRef } from "./remote-state";

export interface RunTerraformOptions {
  /** Also apply the plan, plan again (must report no changes) and destroy. */
  apply?: boolean;
  /** `-var name=value` for plan (and the apply flow's later plan and destroy). */
  vars?: Record<string, string>;
  /** Leave the scratch workspace on disk (its path is in the result). */
  keepWorkspace?: boolean;
  /** Outputs of the fake parent state; defaults to DEFAULT_REMOTE_STATE_OUTPUTS. */
  remoteStateOutputs?: Record<string, string>;
  /** The Terraform binary; defaults to $TERRAFORM, then `terraform` on PATH. */
  terraform?: string;
  /** The built stand-in bundle; defaults to dist/libvirt-provider-standin.cjs. */
  standinBundle?: string;
  /** Per-step limit; a step that takes longer is killed and counts as failed. */
  stepTimeoutMs?: number;
}

export interface ApplyFlowResult {
  apply: StepResult;
  /** `plan -detailed-exitcode` after apply; exit 0 means no changes. */
  replan: StepResult;
  destroy: StepResult;
}

interface HarnessCommon {
  /** The directory Terraform ran in (removed afterwards unless keepWorkspace). */
  workspace: string;
  workspaceKept: boolean;
  /** Every Terraform command run, in order, with its output. */
  steps: StepResult[];
  /** terraform_remote_state sources that were prepared with a fake parent state. */
  remoteState: RemoteStateRef[];
  /** Things the harness could not prepare, e.g. a remote state path it could not work out. */
  warnings: string[];
}

export interface HarnessSuccess extends HarnessCommon {
  ok: true;
  terraformVersion: string;
  /** `terraform show -json plan.bin`. */
  plan: TerraformPlanJson;
  /** `.terraform.lock.hcl` as init wrote it. */
  lockFile: string;
  /** Warning text from validate, if any. */
  validateWarnings: string;
  /** Present when options.apply was set. */
  applyFlow?: ApplyFlowResult;
}

export interface HarnessFailure extends HarnessCommon {
  ok: false;
  /** The step that failed; "setup" covers everything before Terraform runs. */
  step: StepName;
  /** Terraform's own error output for that step (or the harness's reason, for setup). */
  diagnostics: string;
  terraformVersion: string | null;
}

export type HarnessResult = HarnessSuccess | HarnessFailure;

/** For callers that prefer exceptions: carries the failure value. */
export class TerraformStepError extends Error {
  readonly step: StepName;
  readonly diagnostics: string;
  constructor(readonly failure: HarnessFailure) {
    super(describeFailure(failure));
    this.name = "TerraformStepError";
    this.step = failure.step;
    this.diagnostics = failure.diagnostics;
  }
}

export function describeFailure(failure: HarnessFailure): string {
  return `terraform ${failure.step} failed:\n${failure.diagnostics}`;
}

/** Returns the success, or throws TerraformStepError. */
export function expectSuccess(result: HarnessResult): HarnessSuccess {
  if (!result.ok) throw new TerraformStepError(result);
  return result;
}

const DEFAULT_STEP_TIMEOUT_MS = 5 * 60 * 1000;
const PLAN_FILE = "plan.bin";

function varArgs(vars: Record<string, string>): string[] {
  return Object.entries(vars).flatMap(([name, value]) => ["-var", `${name}=${value}`]);
}

class StepFailed extends Error {
  constructor(
    readonly step: StepName,
    readonly diagnostics: string,
  ) {
    super(diagnostics);
  }
}

interface Prepared {
  binary: string;
  workspace: Workspace;
  mirror: string;
  cliConfig: string;
  home: string;
  refs: RemoteStateRef[];
  warnings: string[];
}

async function prepare(outDir: string, options: RunTerraformOptions): Promise<Prepared> {
  const binary = await findTerraform(
    options.terraform ? { ...process.env, TERRAFORM: options.terraform } : process.env,
  );
  if (!binary)
    throw new StepFailed(
      "setup",
      `terraform not found (${terraformCommand()}); set TERRAFORM or put terraform on PATH`,
    );
  const bundle = options.standinBundle ?? locateStandinBundle();
  const files = await readConfigFiles(outDir);
  const scan = await scanRemoteState(files, options.vars ?? {});
  const workspace = await createWorkspace(outDir, parentLevelsNeeded(scan.refs));
  try {
    // Harness files live beside the stack, not in it, so they never look like part of the configuration.
    const harnessDir = join(workspace.root, ".harness");
    const mirror = join(harnessDir, "providers");
    await writeProviderMirror(mirror, bundle);
    const cliConfig = await writeCliConfig(join(harnessDir, "cli.tfrc"));
    const outputs = options.remoteStateOutputs ?? DEFAULT_REMOTE_STATE_OUTPUTS;
    for (const ref of scan.refs) await writeRemoteState(join(workspace.stack, ref.path), outputs);
    // A scratch HOME: keys the configuration reads through pathexpand("~/...") are made there, never read from the user's.
    const home = join(harnessDir, "home");
    for (const file of homeFileReferences(files)) await writeKeyFiles(join(home, file));
    return { binary, workspace, mirror, cliConfig, home, refs: scan.refs, warnings: scan.warnings };
  } catch (err) {
    await removeWorkspace(workspace);
    throw err;
  }
}

function parsePlan(stdout: string): TerraformPlanJson {
  const parsed: unknown = JSON.parse(stdout);
  if (typeof parsed !== "object" || parsed === null || !("format_version" in parsed)) {
    throw new StepFailed("show", "terraform show -json did not print a plan");
  }
  return parsed as TerraformPlanJson;
}

/**
 * Copies `outDir` to a scratch workspace and runs Terraform there against
 * the stand-in provider. Never throws for Terraform's own failures: check `ok`.
 */
export async function runTerraform(outDir: string, options: RunTerraformOptions = {}): Promise<HarnessResult> {
  const steps: StepResult[] = [];
  let prepared: Prepared | undefined;
  let version: string | null = null;
  try {
    prepared = await prepare(outDir, options);
    const versionPromise = terraformVersion(prepared.binary).catch(() => null);
    const run = createRunner({
      binary: prepared.binary,
      cwd: prepared.workspace.stack,
      timeoutMs: options.stepTimeoutMs ?? DEFAULT_STEP_TIMEOUT_MS,
      env: {
        CHECKPOINT_DISABLE: "1",
        TF_CLI_CONFIG_FILE: prepared.cliConfig,
        // The stand-in speaks plain TCP; without this Terraform insists on mutual TLS.
        TF_DISABLE_PLUGIN_TLS: "1",
        TF_IN_AUTOMATION: "1",
        HOME: prepared.home,
      },
    });
    const step = async (name: StepName, args: string[], okCodes: readonly number[] = [0]): Promise<StepResult> => {
      const result = await run(name, args);
      steps.push(result);
      if (!okCodes.includes(result.exitCode)) throw new StepFailed(name, stepDiagnostics(result));
      return result;
    };
    const vars = varArgs(options.vars ?? {});

    await step("init", ["init", "-input=false", "-no-color", `-plugin-dir=${prepared.mirror}`]);
    const validate = await step("validate", ["validate", "-json", "-no-color"]);
    await step("plan", ["plan", "-input=false", "-no-color", `-out=${PLAN_FILE}`, ...vars]);
    const show = await step("show", ["show", "-json", "-no-color", PLAN_FILE]);
    const plan = parsePlan(show.stdout);
    const lockFile = await readFile(join(prepared.workspace.stack, ".terraform.lock.hcl"), "utf8");
    version = (await versionPromise) ?? plan.terraform_version;

    let applyFlow: ApplyFlowResult | undefined;
    if (options.apply) {
      const apply = await step("apply", ["apply", "-input=false", "-no-color", "-auto-approve", PLAN_FILE]);
      // 0 = no changes, 2 = changes: both are answers, only 0 is the right one.
      const replan = await step("replan", ["plan", "-input=false", "-no-color", "-detailed-exitcode", ...vars], [0, 2]);
      if (replan.exitCode === 2) {
        throw new StepFailed("replan", `the plan after apply is not empty:\n${replan.stdout.trim()}`);
      }
      const destroy = await step("destroy", ["destroy", "-input=false", "-no-color", "-auto-approve", ...vars]);
      applyFlow = { apply, replan, destroy };
    }

    return {
      ok: true,
      terraformVersion: version,
      plan,
      lockFile,
      validateWarnings: validateWarnings(validate.stdout),
      ...(applyFlow ? { applyFlow } : {}),
      workspace: prepared.workspace.stack,
      workspaceKept: options.keepWorkspace === true,
      steps,
      remoteState: prepared.refs,
      warnings: prepared.warnings,
    };
  } catch (err: unknown) {
    // Anything else went wrong in the harness itself, blamed on the step it happened after.
    const failed =
      err instanceof StepFailed
        ? err
        : new StepFailed(steps.at(-1)?.step ?? "setup", err instanceof Error ? err.message : String(err));
    return {
      ok: false,
      step: failed.step,
      diagnostics: failed.diagnostics,
      terraformVersion: version,
      workspace: prepared?.workspace.stack ?? "",
      workspaceKept: prepared !== undefined && options.keepWorkspace === true,
      steps,
      remoteState: prepared?.refs ?? [],
      warnings: prepared?.warnings ?? [],
    };
  } finally {
    if (prepared && !options.keepWorkspace) await removeWorkspace(prepared.workspace);
  }
}
