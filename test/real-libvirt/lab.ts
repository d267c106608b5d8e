// One committed out/<fixture>/ copied into a scratch folder and laid out as the seed expects it: the HCL in a
// folder inside the metal-instance template's, whose local state says the hypervisor is 127.0.0.1 (the sandbox's
// sshd) and names the key pair beside it. Terraform then runs in the sandbox on that copy.
import { cp, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";
import { writeKeyFiles, writeRemoteState, type SshKeyPair } from "../../terraform-harness/src";
import { parse as parseHcl } from "@cdktf/hcl2json";
import type { HclJson } from "../helpers";
import { bin, root } from "./paths";
import type { LabHypervisor } from "./hypervisor";
import { OVMF } from "./ovmf";
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
  /** How the copy was made to start on this host: its `-var domain_type=… -var cpu_mode=…`. */
  cpuAdaptation: string;
  /** The hypervisor and CPU mode those variables give every domain. */
  hypervisor: LabHypervisor;
  hcl: HclJson;
  /** Files prepareLab made inside the sandbox, such as an image at an absolute path. */
  sandboxFiles: string[];
  /** Domains the configuration defines: the nodes of its inventory.json. */
  domainCount: number;
  /** The UEFI firmware given with -var, when the configuration declares uefi_loader and uefi_nvram_template. */
  uefi: { loader: string; nvramTemplate: string } | null;
}

export interface LabContext {
  sandbox: Sandbox;
  scratch: string;
  terraformEnv: Record<string, string>;
  keys: SshKeyPair;
  /** The engine's binary, a path or a command on PATH: `terraform` when absent, OpenTofu's `tofu` for its tests. */
  terraformBinary?: string;
}

/**
 * The hypervisor (KVM or emulation) and CPU mode that start here, through the configuration's own `domain_type`
 * and `cpu_mode` variables.
 */
async function hypervisorVars(dir: string, hypervisor: LabHypervisor, vars: string[]): Promise<string> {
  const inputVars = await readFile(path.join(dir, "input-vars.tf"), "utf8");
  for (const name of ["domain_type", "cpu_mode"])
    if (!new RegExp(`^variable "${name}"`, "m").test(inputVars))
      throw new Error(`${dir}/input-vars.tf declares no ${name} variable`);
  const given = ["-var", `domain_type=${hypervisor.domainType}`, "-var", `cpu_mode=${hypervisor.cpuMode}`];
  vars.push(...given);
  return given.join(" ");
}

/**
 * Debian's OVMF in place of the RHEL edk2 paths that input-vars.tf defaults to, through the configuration's own
 * variables, when it declares them (a spec with the firmware key).
 */
function uefiVars(inputVars: string, vars: string[]): Lab["uefi"] {
  const declares = (name: string) => new RegExp(`^variable "${name}"`, "m").test(inputVars);
  if (!declares("uefi_loader") || !declares("uefi_nvram_template")) return null;
  vars.push("-var", `uefi_loader=${OVMF.code}`, "-var", `uefi_nvram_template=${OVMF.vars}`);
  return { loader: OVMF.code, nvramTemplate: OVMF.vars };
}

/**
 * A 16 MiB disk whose boot sector halts the CPU with interrupts off. Support and provision boot from it and then
 * sit idle; with an empty disk they would fall through to network boot and retry it on both cores all run long.
 */
function haltingDisk(): Buffer {
  const disk = Buffer.alloc(16 * 2 ** 20);
  // cli; hlt; jmp back to the hlt.
  Buffer.from([0xfa, 0xf4, 0xeb, 0xfd]).copy(disk, 0);
  disk.writeUInt16LE(0xaa55, 510);
  return disk;
}

/** The default of `rhel8_image_location` in input-vars.tf. */
function imageLocation(inputVars: string): string {
  const block = /^variable "rhel8_image_location" \{[\s\S]*?^\}/m.exec(inputVars)?.[0] ?? "";
  return /^\s*default\s*=\s*"([^"]*)"/m.exec(block)?.[1] ?? "rhel8.qcow2";
}

/** Copies `source` (a generated output folder) into the run's scratch folder as lab `fixture` and prepares it. */
export async function prepareLab(
  context: LabContext,
  fixture: string,
  source: string,
  hypervisor: LabHypervisor,
): Promise<Lab> {
  const parent = path.join(context.scratch, fixture, "metal");
  const dir = path.join(parent, fixture);
  await mkdir(parent, { recursive: true });
  await cp(source, dir, { recursive: true });

  // The parent template's state and key pair, as terraform-harness/ lays them out, with the run's own key pair,
  // which the sandbox's sshd authorises.
  await writeRemoteState(path.join(parent, "terraform.tfstate"), {
    baremetal_public_ip: "127.0.0.1",
    ssh_certificate: "ssh.pub",
  });
  await writeKeyFiles(path.join(parent, "ssh.pub"), context.keys);

  // No OS is needed: nothing boots far enough to read it. An absolute image path (kvm-host's) names a file on
  // the hypervisor, so it is made there, in the sandbox's own /var/lib/libvirt, and removed by removeLabFiles.
  const inputVars = await readFile(path.join(dir, "input-vars.tf"), "utf8");
  const image = imageLocation(inputVars);
  const sandboxFiles: string[] = [];
  const raw = path.join(context.scratch, fixture, "base.raw");
  await writeFile(raw, haltingDisk());
  if (path.isAbsolute(image)) {
    await context.sandbox.run("mkdir", ["-p", path.dirname(image)]);
    await context.sandbox.run("qemu-img", ["convert", "-q", "-f", "raw", "-O", "qcow2", raw, image]);
    sandboxFiles.push(image);
  } else {
    await execa("qemu-img", ["convert", "-q", "-f", "raw", "-O", "qcow2", raw, path.resolve(dir, image)]);
  }

  const resourceVariables = [...inputVars.matchAll(/^variable "(\w+_resources)"/gm)].map((m) => m[1] ?? "");
  const vars = resourceVariables.flatMap((name) => [
    "-var",
    `${name}={memory=${SMALL_RESOURCES.memory},vcpu=${SMALL_RESOURCES.vcpu}}`,
  ]);
  const cpuAdaptation = await hypervisorVars(dir, hypervisor, vars);
  const uefi = uefiVars(inputVars, vars);

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
  const inventory = JSON.parse(await readFile(path.join(dir, "inventory.json"), "utf8")) as { nodes: unknown[] };
  const domainCount = inventory.nodes.length;
  return {
    name: fixture,
    dir,
    vars,
    resourceVariables,
    mkisofsLog,
    cpuAdaptation,
    hypervisor,
    hcl,
    sandboxFiles,
    domainCount,
    uefi,
  };
}

/** Removes what prepareLab made inside the sandbox (files outside it go with the run's scratch folder). */
export async function removeLabFiles(context: LabContext, lab: Lab): Promise<void> {
  if (lab.sandboxFiles.length > 0) await context.sandbox.run("rm", ["-f", ...lab.sandboxFiles]);
}

/**
 * Long enough for a lab's apply or destroy on 2 cores (the provider starts every domain once at create), short
 * enough that a hung command fails with its output well before jest's hook timeout.
 */
// A plan of these labs takes 1 to 4 s; a hung one is killed well before the 2 minutes that used to be waited.
const terraformTimeoutMs = (lab: Lab, command: string | undefined): number =>
  command === "plan" || command === "show" ? 45_000 + lab.domainCount * 1_000 : 300_000 + lab.domainCount * 5_000;

/** How often a plan or destroy runs before a hang fails the test: a second attempt has hung too, if rarely. */
const attempts = 3;

/** The 0.8.3 provider's error when the ISO it downloads to read a cloud-init disk back is cut short. */
const TRUNCATED_ISO_READBACK = /error while retrieving remote ISO: error initializing ISO reader/;

/** coreutils timeout's status when it had to send KILL. */
const KILLED = 137;

/**
 * Runs Terraform in the lab, under coreutils `timeout`, which kills Terraform and its provider (one process group)
 * when the time is up. The 0.8.3 provider was seen to hang, now and then, in a refresh: its Read of a
 * libvirt_cloudinit_disk downloads the ISO over the libvirt connection (a stream), and that download never ended.
 * A plan or destroy that hangs like that is killed and run again, up to `attempts` times, and says so;
 * refreshing twice changes nothing. An apply is never repeated, but for one failure, which a plan gets too: the
 * same read-back can get a cut-short ISO ("error while retrieving remote ISO"), seen now and then even one
 * operation at a time (dmacvicar/terraform-provider-libvirt #324 tells of it with parallel operations). A plan is
 * then run again; an apply too, as a user would: Terraform marked the disk it had just created tainted, and the
 * second apply replaces it. Either says so.
 */
export async function terraform(
  context: LabContext,
  lab: Lab,
  args: readonly string[],
  okExitCodes: readonly number[] = [],
): Promise<RunResult> {
  const shimDir = path.join(context.scratch, lab.name, "bin");
  // The provider's own temporary files (cloud-init ISOs) go to the run's scratch folder, and with it.
  const tmp = path.join(context.scratch, "tmp");
  await mkdir(tmp, { recursive: true });
  const limit = terraformTimeoutMs(lab, args[0]);
  const repeatable = args[0] === "plan" || args[0] === "destroy";
  // Most hangs were over qemu+ssh, where the provider multiplexes its calls and the ISO download stream on one
  // connection; one operation at a time keeps the stream alone on it. (A plan over qemu:///system has hung too;
  // the second attempt covers it.) An apply over qemu:///system hung as well, once, with the network, two volumes
  // and a cloud-init disk being created at once, and an apply is never repeated: it goes one operation at a time
  // everywhere, which costs the two labs over qemu:///system a few seconds.
  const overSsh = (await readFile(path.join(lab.dir, "libvirt.tf"), "utf8")).includes("qemu+ssh://");
  const serial =
    args[0] === "apply" || (overSsh && ["plan", "destroy"].includes(args[0] ?? "")) ? ["-parallelism=1"] : [];
  // A destroy deletes by the IDs in the state and needs no refresh, the step in which the provider hangs: under
  // software emulation most destroys hung there, in the cloud-init disks' read-back.
  const noRefresh = args[0] === "destroy" ? ["-refresh=false"] : [];
  const binary = context.terraformBinary ?? "terraform";
  const failed = 1;
  const readsBack = args[0] === "apply" || args[0] === "plan";
  for (let attempt = 1; ; attempt++) {
    const result = await context.sandbox.run(
      "timeout",
      [
        "-s",
        "KILL",
        `${Math.ceil(limit / 1000)}s`,
        binary,
        ...args.slice(0, 1),
        ...serial,
        ...noRefresh,
        ...args.slice(1),
      ],
      {
        cwd: lab.dir,
        env: { ...context.terraformEnv, TMPDIR: tmp, PATH: `${shimDir}${path.delimiter}${process.env["PATH"] ?? ""}` },
        okExitCodes: [...okExitCodes, KILLED, ...(readsBack ? [failed] : [])],
        timeoutMs: limit + 30_000,
      },
    );
    const command = `${path.basename(binary)} ${args.join(" ")} in ${lab.name}`;
    if (readsBack && result.exitCode === failed) {
      const output = `${result.stdout}\n${result.stderr}`;
      if (TRUNCATED_ISO_READBACK.test(output) && attempt < attempts) {
        process.stdout.write(
          `real-libvirt: ${command} failed in the provider's cloud-init read-back; running it again (attempt ${attempt + 1} of ${attempts})\n`,
        );
        continue;
      }
      // A plan a precondition refuses is a result its caller reads.
      if (!okExitCodes.includes(failed)) throw new Error(`${command} exited with ${failed}:\n${output}`);
    }
    if (result.exitCode !== KILLED) return result;
    const what = `${command} hung and was killed after ${limit / 1000} s`;
    if (!repeatable || attempt >= attempts) throw new Error(`${what}:\n${result.stdout}\n${result.stderr}`);
    process.stdout.write(`real-libvirt: ${what}; running it again (attempt ${attempt + 1} of ${attempts})\n`);
  }
}

/**
 * The committed output of a fixture. GEN_INFRA_REAL_LIBVIRT_OUT names another folder of outputs instead, to try
 * generator changes on real libvirt before their output is committed.
 */
export const committedOutput = (fixture: string): string =>
  path.join(process.env["GEN_INFRA_REAL_LIBVIRT_OUT"] ?? path.join(root, "out"), fixture);

/** Where regenerateWithUri puts the public key cloud-init authorises, relative to the output folder. */
const URI_PUBLIC_KEY = "cloud-init-key.pub";

/**
 * A fixture regenerated with an explicit `uri` connection, for the connection mode the committed fixtures do not
 * use (or, for kvm-host, to reach a local libvirtd instead of a host that does not exist); cloud-init authorises
 * the run's key, kept inside the output folder so that the copy needs nothing outside it.
 */
export async function regenerateWithUri(context: LabContext, fixture: string, uri: string): Promise<string> {
  const spec = JSON.parse(await readFile(path.join(root, "fixtures", `${fixture}.json`), "utf8")) as Record<
    string,
    unknown
  >;
  delete spec["$schema"];
  return generateWithUri(context, fixture, spec, uri);
}

/** The output of `spec` with an explicit `uri` connection, in the run's scratch folder under `name`. */
export async function generateWithUri(
  context: LabContext,
  name: string,
  spec: Readonly<Record<string, unknown>>,
  uri: string,
): Promise<string> {
  const dir = path.join(context.scratch, `${name}-spec`);
  await mkdir(dir, { recursive: true });
  const specFile = path.join(dir, `${name}.json`);
  const withUri = { ...spec, connection: { mode: "uri", uri, ssh_public_key: URI_PUBLIC_KEY } };
  await writeFile(specFile, `${JSON.stringify(withUri, null, 2)}\n`);
  const out = path.join(dir, "out");
  await execa("node", [bin, specFile, "-o", out, "--quiet"]);
  await writeFile(path.join(out, URI_PUBLIC_KEY), context.keys.publicLine);
  return out;
}
