// What a run of the harness returns: a success with the plan, or a failure saying whose fault it is, naming the
// step and carrying Terraform's own diagnostics. Whatever a run throws ends as one of these, so callers never catch.
import { engineCommand, type Engine } from "./engine";
import type { TerraformPlanJson } from "./plan-json";
import { Refused } from "./refused";
import type { RemoteStateRef } from "./remote-state";
import type { StepName, StepResult } from "./terraform-run";

export interface ApplyFlowResult {
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

/** Thrown anywhere in a run to end it as a failure of that step and kind, the diagnostics being the reason. */
export class StepFailed extends Error {
  constructor(
    readonly step: StepName,
    readonly diagnostics: string,
    readonly kind: FailureKind = "terraform",
  ) {
    super(diagnostics);
  }
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

/** What a run knew when it failed, beside the error itself. */
interface FailureContext {
  version: string | null;
  engine: Engine | null;
  refs: RemoteStateRef[];
}

/** Any error a run caught, as its failure value: unknown errors are defects, system errors the machine's. */
export function failureResult(err: unknown, steps: StepResult[], context: FailureContext): HarnessFailure {
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
