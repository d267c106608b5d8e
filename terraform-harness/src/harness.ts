// Runs real Terraform, offline and sealed, on a generated configuration:
// checks the folder (policy.ts), copies only what Terraform reads into a
// scratch folder, then init against the stand-in libvirt provider, validate,
// plan, and optionally apply, plan again (which must find nothing to do) and
// destroy. Failures come back as values saying whose fault they are, naming
// the step and carrying Terraform's own diagnostics.
import { cpSync, readFileSync, realpathSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stepDiagnostics, validateWarnings } from "./diagnostics";
import { describeEngine, engineCommand, engineTitle, engineVariable, parseEngineVersion } from "./engine";
import type { Engine, EngineVersion } from "./engine";
import { loadConfig } from "./module-tree";
import type { TerraformPlanJson } from "./plan-json";
import { remoteStateBlocks, type Refusal } from "./policy";
import { locateStandinBundle, writeCliConfig, writeProviderMirror } from "./provider-mirror";
import { fileReferences, imagePath } from "./references";
import { Refused, refuse } from "./refused";
import { prepareRemoteStates, type RemoteStateRef } from "./remote-state";
import { readFolderFile, UnsafeFile, type FolderFile } from "./safe-read";
import { terraformEnvironment } from "./sealed-env";
import { writeKeyFilesSync } from "./ssh-keys";
import { findTerraform, terraformCommand } from "./terraform-binary";
import { createRunner, type StepName, type StepResult, type StepRunner } from "./terraform-run";
import { copyIntoStack, createWorkspace, removeWorkspace, writePlaceholder, type Workspace } from "./workspace";

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

interface ApplyFlowResult {
  apply: StepResult;
  /** `terraform output` after apply: the text the seed's playbooks load. */
  output: StepResult;
  /** `plan -detailed-exitcode` after apply; exit 0 means no changes. */
  replan: StepResult;
  destroy: StepResult;
}

interface HarnessCommon {
  /** Every Terraform command run, in order, with its output. */
  steps: StepResult[];
  /** terraform_remote_state sources that were prepared with a fake parent state. */
  remoteState: RemoteStateRef[];
  /** Which engine ran, from its `version` output; null before it ran or when the binary named neither engine. */
  engine: Engine | null;
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

/**
 * Whose fault a failure is: the folder's (refused), Terraform's verdict on
 * the configuration (terraform), the machine's (environment: no Terraform,
 * an unusable TMPDIR, an I/O error), or gen-infra's own (defect).
 */
type FailureKind = "refused" | "terraform" | "environment" | "defect";

export interface HarnessFailure extends HarnessCommon {
  ok: false;
  kind: FailureKind;
  /** The step that failed; "setup" covers everything before Terraform runs. */
  step: StepName;
  /** Terraform's own error output for that step (or the harness's reason, for setup). */
  diagnostics: string;
  terraformVersion: string | null;
}

export type HarnessResult = HarnessSuccess | HarnessFailure;

export function describeFailure(failure: HarnessFailure): string {
  switch (failure.kind) {
    case "refused":
      return `verify refused the folder, and ran nothing:\n${failure.diagnostics}`;
    case "environment":
      return `verify could not run: ${failure.diagnostics}`;
    case "defect":
      return `internal error in gen-infra verify (a defect; please report it):\n${failure.diagnostics}`;
    default:
      return `${engineCommand(failure.engine ?? "terraform")} ${failure.step} failed:\n${failure.diagnostics}`;
  }
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
    readonly kind: FailureKind = "terraform",
  ) {
    super(diagnostics);
  }
}

interface Prepared {
  binary: string;
  workspace: Workspace;
  mirror: string;
  env: Record<string, string>;
  refs: RemoteStateRef[];
  /** Where the configuration expects the guest image under these -var values (a placeholder goes there). */
  imageFor: (vars: Readonly<Record<string, string>>) => string | null;
}

/** The folder as a real path: everything verify reads must lie under it. */
function realFolder(outDir: string): string {
  let folder: string;
  try {
    folder = realpathSync(outDir);
  } catch (err) {
    throw refuse(`${outDir} cannot be read: ${(err as Error).message}`);
  }
  if (!statSync(folder).isDirectory()) throw refuse(`${outDir} is not a directory`);
  return folder;
}

/** Reads and checks everything before a scratch folder exists, so a refusal leaves nothing behind. */
async function readFolder(folder: string, vars: Readonly<Record<string, string>>) {
  const loaded = await loadConfig(folder);
  const refusals: Refusal[] = [...loaded.refusals];
  if (loaded.sources.length === 0) refusals.push({ file: "", message: "the folder holds no .tf files" });
  const references = fileReferences(loaded.modules);
  const have = new Set(loaded.sources.map((file) => file.rel));
  const extra: FolderFile[] = [];
  for (const rel of references.folder.filter((r) => !have.has(r))) {
    try {
      const file = readFolderFile(folder, rel);
      if (file) extra.push(file);
    } catch (err) {
      if (!(err instanceof UnsafeFile)) throw err;
      refusals.push({ file: err.file, message: `(read by the configuration) ${err.reason}` });
    }
  }
  if (refusals.length > 0) throw new Refused(refusals);
  return {
    files: [...loaded.sources, ...extra],
    home: references.home,
    image: imagePath(loaded.modules, vars),
    imageFor: (other: Readonly<Record<string, string>>) => imagePath(loaded.modules, other),
    remoteState: loaded.modules.flatMap((m) => m.files.flatMap((f) => remoteStateBlocks(f, m.dir))),
  };
}

async function prepare(outDir: string, options: RunTerraformOptions): Promise<Prepared> {
  const env = options.terraform ? { ...process.env, TERRAFORM: options.terraform } : process.env;
  // An explicit binary is taken as given, whatever engine was asked for: the version check below judges it.
  const engine = options.terraform ? undefined : options.engine;
  const binary = await findTerraform(env, engine);
  if (!binary) {
    const command = engineCommand(engine ?? "terraform");
    throw new StepFailed(
      "setup",
      `${command} not found (${terraformCommand(env, engine)}); set ${engineVariable(engine ?? "terraform")} or put ${command} on PATH`,
      "environment",
    );
  }
  let bundle: string;
  try {
    bundle = locateStandinBundle();
  } catch (err) {
    throw new StepFailed("setup", (err as Error).message, "environment");
  }
  const folder = realFolder(outDir);
  const found = await readFolder(folder, options.vars ?? {});
  const workspace = createWorkspace(folder, options.scratchParent ?? tmpdir());
  try {
    // Every write into the scratch folder is synchronous: none can still be in flight when a signal removes it.
    copyIntoStack(workspace, found.files);
    if (found.image) writePlaceholder(workspace, found.image);
    const mirror = join(workspace.harness, "providers");
    writeProviderMirror(mirror, bundle);
    const cliConfig = writeCliConfig(join(workspace.harness, "cli.tfrc"));
    const refs = prepareRemoteStates(found.remoteState, workspace.stack, join(workspace.harness, "state"));
    // Keys the configuration reads through pathexpand("~/...") are made in the scratch HOME, never read from the user's.
    for (const file of found.home) writeKeyFilesSync(join(workspace.home, file));
    const env = terraformEnvironment({ home: workspace.home, tmp: workspace.tmp, cliConfig }, process.env["PATH"]);
    return { binary, workspace, mirror, env, refs, imageFor: found.imageFor };
  } catch (err) {
    removeWorkspace(workspace);
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

/** The engine the binary says it is; a binary that is not the engine asked for fails here, before init. */
function checkEngine(binary: string, found: EngineVersion | null, wanted: Engine | undefined): void {
  if (!wanted || found?.engine === wanted) return;
  const is = found ? describeEngine(found) : "neither Terraform nor OpenTofu (its `version` names neither)";
  throw new StepFailed("setup", `${engineTitle(wanted)} was asked for, but ${binary} is ${is}`, "environment");
}

/** Errors from the file system or the OS are the machine's, not gen-infra's. */
const isSystemError = (err: unknown): err is NodeJS.ErrnoException =>
  err instanceof Error && typeof (err as NodeJS.ErrnoException).code === "string" && "syscall" in err;

function asFailure(err: unknown, lastStep: StepName): StepFailed {
  if (err instanceof StepFailed) return err;
  if (err instanceof Refused) return new StepFailed("setup", err.message, "refused");
  if (isSystemError(err)) return new StepFailed(lastStep, err.message, "environment");
  const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
  return new StepFailed(lastStep, text, "defect");
}

/** A step through `run`, recorded in `steps`; an exit code outside `okCodes` fails it with its diagnostics. */
function stepper(run: StepRunner, steps: StepResult[]) {
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
async function engineOf(run: StepRunner): Promise<EngineVersion | null> {
  return parseEngineVersion((await run("setup", ["version"])).stdout);
}

/** What a run knew when it failed, beside the error itself. */
interface FailureContext {
  version: string | null;
  engine: Engine | null;
  refs: RemoteStateRef[];
}

function failureResult(err: unknown, steps: StepResult[], context: FailureContext): HarnessFailure {
  const failed = asFailure(err, steps.at(-1)?.step ?? "setup");
  return {
    ok: false,
    kind: failed.kind,
    step: failed.step,
    diagnostics: failed.diagnostics,
    terraformVersion: context.version,
    steps,
    remoteState: context.refs,
    engine: context.engine,
  };
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
