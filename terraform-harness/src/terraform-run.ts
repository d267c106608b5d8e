// Runs one Terraform command in the scratch folder and keeps everything it said.
import { runInGroup } from "./process-group";

export type StepName = "setup" | "init" | "validate" | "plan" | "show" | "apply" | "output" | "replan" | "destroy";

export interface StepResult {
  step: StepName;
  /** The arguments after the binary. */
  args: string[];
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
  timedOut: boolean;
}

interface RunnerOptions {
  binary: string;
  cwd: string;
  /** The complete environment (see sealed-env.ts); nothing is inherited. */
  env: Record<string, string>;
  timeoutMs: number;
}

export type StepRunner = (step: StepName, args: string[]) => Promise<StepResult>;

export function createRunner(options: RunnerOptions): StepRunner {
  return async (step, args) => {
    const started = performance.now();
    const result = await runInGroup(options.binary, args, options);
    const notes = [
      result.timedOut ? `(${step} timed out after ${options.timeoutMs} ms and was killed)` : "",
      result.spawnError ? `(could not start ${options.binary}: ${result.spawnError})` : "",
    ].filter(Boolean);
    return {
      step,
      args,
      // A process killed by a signal has no exit code; any failure must still read as one.
      exitCode: result.exitCode ?? 1,
      stdout: result.stdout,
      stderr: [result.stderr, ...notes].filter(Boolean).join("\n"),
      durationMs: Math.round(performance.now() - started),
      timedOut: result.timedOut,
    };
  };
}
