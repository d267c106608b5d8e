// The body of bench/real-libvirt.js (which makes Node load TypeScript): one sandbox, then for each lab the
// wall time of each Terraform step, as the real-libvirt tests run them; then a lab of 30 VMs applied on one host
// and on two (two sandboxes joined by an underlay, as test/real-libvirt/two-hosts.test.ts runs them).
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ownOutputNames } from "../generator/compile";
import { writeOutput } from "../generator/output/write";
import { compileLab } from "../test/multi-host";
import { TwoHostLab } from "../test/real-libvirt/two-host-lab";
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

/** 3 masters, 25 workers, the support and provision VMs: 30 VMs. */
const WORKERS = 25;
const KEY = "cloud-init-key.pub";
const SSH_KEY = "ssh-key";
const HOSTS = [
  { name: "metal-a", underlay: "198.51.100.1" },
  { name: "metal-b", underlay: "198.51.100.2" },
] as const;
const gatewayHost = {
  name: HOSTS[0].name,
  connection: { mode: "uri", uri: "qemu:///system", ssh_public_key: KEY },
  underlay_address: HOSTS[0].underlay,
};
const otherHost = {
  name: HOSTS[1].name,
  connection: {
    mode: "uri",
    uri: `qemu+ssh://root@${HOSTS[1].underlay}/system`,
    ssh_public_key: KEY,
    ssh_private_key: SSH_KEY,
    verify_host_key: false,
  },
  underlay_address: HOSTS[1].underlay,
};

/** The 30-VM lab on the run's one sandbox: apply and destroy. */
async function onOneHost(run: RunContext): Promise<Record<string, number>> {
  const scratch = await mkdtemp(path.join(tmpdir(), "gen-infra-bench-"));
  try {
    const out = path.join(scratch, "out");
    const files = compileLab({ hypervisors: [gatewayHost], number_of_workers: WORKERS }).files;
    const written = writeOutput(out, files, { force: false, ownNames: ownOutputNames() });
    if (!written.ok) throw new Error(JSON.stringify(written.findings));
    await writeFile(path.join(out, KEY), run.keys.publicLine);
    const lab = await prepareLab(run, "bench-one-host", out, labHypervisor(run, out));
    await terraform(run, lab, ["init", "-no-color", "-input=false"]);
    const apply = await timed(() =>
      terraform(run, lab, ["apply", "-auto-approve", "-no-color", "-input=false", ...lab.vars]),
    );
    const destroy = await timed(() =>
      terraform(run, lab, ["destroy", "-auto-approve", "-no-color", "-input=false", ...lab.vars]),
    );
    return { apply, destroy };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** The same lab placed on two hosts: the times TwoHostLab takes of each step. */
async function onTwoHosts(): Promise<Record<string, string>> {
  const lab = new TwoHostLab({
    hosts: HOSTS,
    underlayPrefixLength: 24,
    files: compileLab({ hypervisors: [gatewayHost, otherHost], number_of_workers: WORKERS }).files,
    publicKeyFile: KEY,
    privateKeyFile: SSH_KEY,
  });
  try {
    await lab.start();
    await lab.destroy();
    return lab.times;
  } finally {
    await lab.stop();
  }
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
    const one = await onOneHost(run);
    process.stdout.write(
      `real provider, ${WORKERS + 5} VMs on one host: apply ${one.apply!.toFixed(1)} s, destroy ${one.destroy!.toFixed(1)} s\n`,
    );
  } finally {
    await stopRun(run);
  }
  const two = await onTwoHosts();
  process.stdout.write(
    `real provider, ${WORKERS + 5} VMs on two hosts: ${Object.entries(two)
      .map(([step, time]) => `${step} ${time}`)
      .join(", ")}\n`,
  );
}
