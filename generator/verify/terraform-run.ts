// Runs one Terraform command in a workspace and keeps everything it said.
import { execa } from "execa";

export type StepName = "setup" | "init" | "validate" | "plan" | "show" | "apply" | "replan" | "destroy";

export interface StepResult {
  step: StepName;
  /** The arguments after the binary. */
  args: string[];
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
}

export interface RunnerOptions {
  binary: string;
  cwd: string;
  /** Variables Terraform must see, on top of a cleaned copy of process.env. */
  env: Record<string, string>;
  timeoutMs: number;
}

/** Kept from the caller's environment: they only change logging, which helps debug a failure. */
const KEEP = new Set(["TF_LOG", "TF_LOG_PATH", "TF_LOG_CORE", "TF_LOG_PROVIDER"]);

/**
 * The caller's environment without Terraform settings (TF_CLI_ARGS_*, TF_VAR_*,
 * TF_DATA_DIR, TF_PLUGIN_CACHE_DIR, ...), which would make runs depend on who runs them.
 */
export function cleanEnvironment(
  extra: Record<string, string>,
  base: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(base)) {
    if (value === undefined) continue;
    if ((key.startsWith("TF_") || key.startsWith("CHECKPOINT_")) && !KEEP.has(key)) continue;
    out[key] = value;
  }
  return { ...out, ...extra };
}

export type StepRunner = (step: StepName, args: string[]) => Promise<StepResult>;

export function createRunner(options: RunnerOptions): StepRunner {
  const env = cleanEnvironment(options.env);
  return async (step, args) => {
    const started = performance.now();
    const result = await execa(options.binary, args, {
      cwd: options.cwd,
      env,
      extendEnv: false,
      reject: false,
      stdin: "ignore",
      timeout: options.timeoutMs,
      stripFinalNewline: false,
    });
    const timedOut = result.timedOut ? `\n(${step} timed out after ${options.timeoutMs} ms)` : "";
    return {
      step,
      args,
      // A process killed by a signal has no exit code; any failure must still read as one.
      exitCode: result.exitCode ?? 1,
      stdout: result.stdout,
      stderr: `${result.stderr}${timedOut}`,
      durationMs: Math.round(performance.now() - started),
    };
  };
}
