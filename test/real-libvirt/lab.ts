// One committed out/<fixture>/ copied into a scratch folder and laid out as the seed expects it: the HCL in a
// folder inside the metal-instance template's, whose local state says the hypervisor is 127.0.0.1 (the sandbox's
// sshd) and names the key pair beside it. Terraform then runs in the sandbox on that copy.
import { cp, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";
import { writeRemoteState } from "../../generator/verify/remote-state";
import { writeKeyFiles, type SshKeyPair } from "../../generator/verify/ssh-keys";
import { bin, root, parseHcl, type HclJson } from "../helpers";
import type { CpuMode } from "./cpu-probe";
import type { RunResult, Sandbox } from "./sandbox";

/** The smallest resources the variables' validation allows; the hosts have 24 GiB and 2 cores for everything. */
export const SMALL_RESOURCES = { memory: 1024, vcpu: 1 } as const;

export interface Lab {
  name: string;
  dir: string;
  /** `-var` arguments every plan, apply and destroy gets. */
  vars: string[];
  /** Each *_resources variable the configuration declares. */
  resourceVariables: string[];
  /** Where the mkisofs wrapper records its calls. */
  mkisofsLog: string;
  /** How the copy was made to start on this host's CPU. */
  cpuAdaptation: string;
  hcl: HclJson;
}

export interface LabContext {
  sandbox: Sandbox;
  scratch: string;
  terraformEnv: Record<string, string>;
  keys: SshKeyPair;
}

/**
 * Until the configuration has a CPU-mode variable, the copy's `cpu` blocks are rewritten to the mode that starts
 * here. Once `cpu_mode` exists, it is set with -var instead and the HCL stays as committed.
 */
async function adaptCpu(dir: string, mode: CpuMode, vars: string[]): Promise<string> {
  const inputVars = await readFile(path.join(dir, "input-vars.tf"), "utf8");
  if (/^variable "cpu_mode"/m.test(inputVars)) {
    vars.push("-var", `cpu_mode=${mode}`);
    return `-var cpu_mode=${mode}`;
  }
  if (mode === "host-passthrough") return "none needed (host-passthrough starts)";
  const file = path.join(dir, "libvirt.tf");
  const text = await readFile(file, "utf8");
  const block = /\n  cpu \{\n    mode = "host-passthrough"\n  \}\n/g;
  const count = text.match(block)?.length ?? 0;
  await writeFile(file, text.replace(block, mode === "none" ? "\n" : `\n  cpu {\n    mode = "${mode}"\n  }\n`));
  return `${count} cpu blocks ${mode === "none" ? "removed" : `set to ${mode}`} in the copy`;
}

/** Copies `source` (a generated output folder) into the run's scratch folder as lab `fixture` and prepares it. */
export async function prepareLab(context: LabContext, fixture: string, source: string, cpuMode: CpuMode): Promise<Lab> {
  const parent = path.join(context.scratch, fixture, "metal");
  const dir = path.join(parent, fixture);
  await mkdir(parent, { recursive: true });
  await cp(source, dir, { recursive: true });

  // The parent template's state and key pair, as generator/verify lays them out, with the run's own key pair,
  // which the sandbox's sshd authorises.
  await writeRemoteState(path.join(parent, "terraform.tfstate"), {
    baremetal_public_ip: "127.0.0.1",
    ssh_certificate: "ssh.pub",
  });
  await writeKeyFiles(path.join(parent, "ssh.pub"), context.keys);

  // No OS is needed: nothing boots far enough to read it.
  await execa("qemu-img", ["create", "-q", "-f", "qcow2", path.join(dir, "rhel8.qcow2"), "16M"]);

  const inputVars = await readFile(path.join(dir, "input-vars.tf"), "utf8");
  const resourceVariables = [...inputVars.matchAll(/^variable "(\w+_resources)"/gm)].map((m) => m[1] ?? "");
  const vars = resourceVariables.flatMap((name) => [
    "-var",
    `${name}={memory=${SMALL_RESOURCES.memory},vcpu=${SMALL_RESOURCES.vcpu}}`,
  ]);
  const cpuAdaptation = await adaptCpu(dir, cpuMode, vars);

  // A wrapper that records each call and runs the real mkisofs: proof that the provider uses it, and how.
  const shimDir = path.join(context.scratch, fixture, "bin");
  const mkisofsLog = path.join(context.scratch, fixture, "mkisofs.log");
  await mkdir(shimDir, { recursive: true });
  await writeFile(
    path.join(shimDir, "mkisofs"),
    `#!/bin/sh\necho "mkisofs $*" >> ${JSON.stringify(mkisofsLog)}\nexec /usr/bin/mkisofs "$@"\n`,
    { mode: 0o755 },
  );

  const hcl = {
    ...(await parseHcl("libvirt.tf", await readFile(path.join(dir, "libvirt.tf"), "utf8"))),
    output: (await parseHcl("outputs.tf", await readFile(path.join(dir, "outputs.tf"), "utf8")))["output"],
  };
  return { name: fixture, dir, vars, resourceVariables, mkisofsLog, cpuAdaptation, hcl };
}

export function terraform(
  context: LabContext,
  lab: Lab,
  args: readonly string[],
  okExitCodes: readonly number[] = [],
): Promise<RunResult> {
  const shimDir = path.join(context.scratch, lab.name, "bin");
  return context.sandbox.run("terraform", [...args], {
    cwd: lab.dir,
    env: { ...context.terraformEnv, PATH: `${shimDir}${path.delimiter}${process.env["PATH"] ?? ""}` },
    okExitCodes,
  });
}

/**
 * The committed output of a fixture. GEN_INFRA_REAL_LIBVIRT_OUT names another folder of outputs instead, to try
 * generator changes on real libvirt before their output is committed.
 */
export const committedOutput = (fixture: string): string =>
  path.join(process.env["GEN_INFRA_REAL_LIBVIRT_OUT"] ?? path.join(root, "out"), fixture);

/**
 * A fixture regenerated with an explicit `uri` connection, for the connection mode the committed fixtures do not
 * use; cloud-init authorises the run's key.
 */
export async function regenerateWithUri(context: LabContext, fixture: string, uri: string): Promise<string> {
  const dir = path.join(context.scratch, `${fixture}-spec`);
  await mkdir(dir, { recursive: true });
  const publicKey = path.join(dir, "id.pub");
  await writeKeyFiles(publicKey, context.keys);
  const spec = JSON.parse(await readFile(path.join(root, "fixtures", `${fixture}.json`), "utf8")) as Record<
    string,
    unknown
  >;
  delete spec["$schema"];
  spec["connection"] = { mode: "uri", uri, ssh_public_key: publicKey };
  const specFile = path.join(dir, `${fixture}.json`);
  await writeFile(specFile, `${JSON.stringify(spec, null, 2)}\n`);
  const out = path.join(dir, "out");
  await execa("node", [bin, specFile, "-o", out, "--quiet"]);
  return out;
}
