// `gen-infra verify <out-dir>`: real Terraform, offline, over generated output, through the stand-in provider.
import { stat } from "node:fs/promises";

export async function verify(dir: string): Promise<number> {
  const isDirectory = await stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDirectory) {
    process.stderr.write(`gen-infra verify: ${dir} is not a directory of generated output\n`);
    return 1;
  }
  // Loaded only here: a plain generation never pays for the harness.
  const { describeFailure, formatPlanSummary, runTerraform, summarisePlan } = await import("./verify/harness");
  process.stdout.write(
    `verifying ${dir}: terraform init, validate and plan, offline, against the stand-in dmacvicar/libvirt 0.8.3\n`,
  );
  const result = await runTerraform(dir);
  if (!result.ok) {
    process.stderr.write(`${describeFailure(result)}\n`);
    return 1;
  }
  process.stdout.write(`${formatPlanSummary(summarisePlan(result.plan))}\nverified: ${dir} validates and plans\n`);
  return 0;
}
