// `gen-infra verify`: real Terraform (or OpenTofu), offline, over generated output, through the stand-in provider.
// Exit 0 when it validates and plans; 1 for a refused folder, a failed plan or an unusable environment;
// 128+n when stopped by a signal; 2 only for a defect in gen-infra.
import { stat } from "node:fs/promises";
import type { Engine } from "../../terraform-harness/src";
import type { Io } from "./io";

export interface VerifyOptions {
  /** The engine asked for with --engine; without it, whatever $TERRAFORM or `terraform` on PATH is. */
  engine?: Engine;
}

export async function verify(dir: string, io: Io, options: VerifyOptions = {}): Promise<number> {
  const isDirectory = await stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDirectory) {
    io.stderr.write(`gen-infra verify: ${dir} is not a directory of generated output\n`);
    return 1;
  }
  // Loaded only here: a plain generation never pays for the harness.
  const { describeEngine, describeFailure, formatPlanSummary, installSignalCleanup, runTerraform, summarisePlan } =
    await import("../../terraform-harness/src");
  // Installed before anything exists to clean up, so no moment is left uncovered.
  const uninstall = installSignalCleanup((signal) => {
    io.stderr.write(`\ngen-infra verify: stopped by ${signal}; Terraform was killed and the scratch folder removed\n`);
  });
  try {
    const result = await runTerraform(dir, {
      ...(options.engine ? { engine: options.engine } : {}),
      // Said as soon as the binary has answered, before the slow part, so a wrong engine shows at once.
      onEngine: (binary, found) =>
        io.stdout.write(
          `verifying ${dir} with ${found ? describeEngine(found) : "an engine of unknown kind"} (${binary}): ` +
            "init, validate and plan, offline, against the stand-in dmacvicar/libvirt 0.8.3\n",
        ),
    });
    if (!result.ok) {
      // The engine's own failures read as before ("terraform plan failed: ..."); verify's reasons name verify.
      io.stderr.write(`${result.kind === "terraform" ? "" : "gen-infra "}${describeFailure(result)}\n`);
      return result.kind === "defect" ? 2 : 1;
    }
    const summary = summarisePlan(result.plan, result.engine ?? "terraform");
    io.stdout.write(`${formatPlanSummary(summary)}\nverified: ${dir} validates and plans\n`);
    return 0;
  } finally {
    uninstall();
  }
}
