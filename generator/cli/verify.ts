// `gen-infra verify <out-dir>`: real Terraform, offline, over generated output, through the stand-in provider.
// Exit 0 when it validates and plans; 1 for a refused folder, a failed plan or an unusable environment;
// 128+n when stopped by a signal; 2 only for a defect in gen-infra.
import { stat } from "node:fs/promises";
import type { Io } from "./io";

export async function verify(dir: string, io: Io): Promise<number> {
  const isDirectory = await stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDirectory) {
    io.stderr.write(`gen-infra verify: ${dir} is not a directory of generated output\n`);
    return 1;
  }
  // Loaded only here: a plain generation never pays for the harness.
  const { describeFailure, formatPlanSummary, installSignalCleanup, runTerraform, summarisePlan } =
    await import("../verify/harness");
  // Installed before anything exists to clean up, so no moment is left uncovered.
  const uninstall = installSignalCleanup((signal) => {
    io.stderr.write(`\ngen-infra verify: stopped by ${signal}; Terraform was killed and the scratch folder removed\n`);
  });
  try {
    io.stdout.write(
      `verifying ${dir}: terraform init, validate and plan, offline, against the stand-in dmacvicar/libvirt 0.8.3\n`,
    );
    const result = await runTerraform(dir);
    if (!result.ok) {
      // Terraform's own failures read as before ("terraform plan failed: ..."); verify's reasons name verify.
      io.stderr.write(`${result.kind === "terraform" ? "" : "gen-infra "}${describeFailure(result)}\n`);
      return result.kind === "defect" ? 2 : 1;
    }
    io.stdout.write(`${formatPlanSummary(summarisePlan(result.plan))}\nverified: ${dir} validates and plans\n`);
    return 0;
  } finally {
    uninstall();
  }
}
