// The body of bench/real-libvirt.js (which makes Node load TypeScript): one sandbox, then for each lab the
// wall time of each Terraform step, as the real-libvirt tests run them.
import { committedOutput, prepareLab, terraform } from "../test/real-libvirt/lab";
import { missingPrerequisite } from "../test/real-libvirt/prerequisites";
import { labHypervisor, startRun, stopRun, type RunContext } from "../test/real-libvirt/run-context";

const LABS = ["default", "workers-128"] as const;
type Step = "init" | "apply" | "second plan" | "destroy";

async function timed(action: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await action();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

async function benchLab(run: RunContext, fixture: string): Promise<Record<Step, number>> {
  const folder = committedOutput(fixture);
  const lab = await prepareLab(run, `bench-${fixture}`, folder, labHypervisor(run, folder));
  const figures: Partial<Record<Step, number>> = {};
  let applied = false;
  try {
    figures.init = await timed(() => terraform(run, lab, ["init", "-no-color", "-input=false"]));
    applied = true;
    figures.apply = await timed(() =>
      terraform(run, lab, ["apply", "-auto-approve", "-no-color", "-input=false", ...lab.vars]),
    );
    // The second plan must be empty (exit 0), as in the tests; a non-empty one would time something else.
    figures["second plan"] = await timed(() =>
      terraform(run, lab, ["plan", "-detailed-exitcode", "-no-color", "-input=false", ...lab.vars]),
    );
    figures.destroy = await timed(() =>
      terraform(run, lab, ["destroy", "-auto-approve", "-no-color", "-input=false", ...lab.vars]),
    );
    applied = false;
  } finally {
    if (applied) await terraform(run, lab, ["destroy", "-auto-approve", "-no-color", "-input=false", ...lab.vars]);
  }
  return figures as Record<Step, number>;
}

const missing = missingPrerequisite();
if (missing !== null) {
  process.stdout.write(`SKIPPED: ${missing} not found\n`);
} else {
  const run = await startRun();
  try {
    process.stdout.write(
      `${run.providerLine}\n${run.hypervisor.line}\n-var domain_type=${run.hypervisor.labs.domainType} -var cpu_mode=${run.hypervisor.labs.cpuMode}; every *_resources = {memory = 1024, vcpu = 1}\n`,
    );
    const results: Record<string, Record<Step, number>> = {};
    for (const fixture of LABS) {
      const figures = await benchLab(run, fixture);
      results[fixture] = figures;
      const line = Object.entries(figures)
        .map(([step, s]) => `${step} ${s.toFixed(1)} s`)
        .join(", ");
      process.stdout.write(`real provider, out/${fixture}: ${line}\n`);
    }
    process.stdout.write(`${JSON.stringify(results)}\n`);
  } finally {
    await stopRun(run);
  }
}
