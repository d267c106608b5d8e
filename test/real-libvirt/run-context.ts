// Everything a real-libvirt test file shares: the provider build, its mirror, one key pair, the sandbox, what
// its probes found and the hypervisor chosen from them. Set up once per file, torn down in afterAll (and by the
// sandbox's exit handlers when afterAll never runs).
import { readFileSync, rmSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { sshKeyPair } from "../../terraform-harness/src";
import { probeCpuModes, type CpuProbes } from "./cpu-probe";
import { chooseHypervisor, type HypervisorChoice, type LabHypervisor } from "./hypervisor";
import type { LabContext } from "./lab";
import { buildRealProvider, writeRealMirror } from "./provider";
import { Sandbox } from "./sandbox";
import { probeUefi, type UefiProbes } from "./uefi-probe";

export interface Probes {
  /** /dev/kvm in the sandbox is a character device that can be read and written. */
  kvmDevice: boolean;
  /** Which CPU modes start a kvm and a qemu domain. */
  cpu: CpuProbes;
  /** Whether a UEFI guest runs under each type, or pauses at once (see uefi-probe.ts). */
  uefi: UefiProbes;
}

export interface RunContext extends LabContext {
  probes: Probes;
  /** KVM or software emulation for the labs, emulation for the UEFI lab (hypervisor.ts). */
  hypervisor: HypervisorChoice;
  providerLine: string;
}

/** What the sandbox offers: its /dev/kvm, then CPU modes and UEFI guests under each domain type. */
async function probe(sandbox: Sandbox): Promise<Probes> {
  const kvmDevice = await kvmDeviceUsable(sandbox);
  const cpu = await probeCpuModes(sandbox);
  // A UEFI probe only where some domain of its type starts at all.
  const uefi: UefiProbes = {
    kvm: cpu.kvm.starting.length > 0 ? await probeUefi(sandbox, "kvm") : null,
    qemu: cpu.qemu.starting.length > 0 ? await probeUefi(sandbox, "qemu") : null,
  };
  return { kvmDevice, cpu, uefi };
}

/** /dev/kvm in the sandbox is a character device that can be read and written. */
export async function kvmDeviceUsable(sandbox: Sandbox): Promise<boolean> {
  const device = await sandbox.run("test", ["-c", "/dev/kvm", "-a", "-r", "/dev/kvm", "-a", "-w", "/dev/kvm"], {
    okExitCodes: [1],
  });
  return device.exitCode === 0;
}

/** The probes' findings as the lines a run prints under its hypervisor line. */
export function probeLines(probes: Probes): string[] {
  const cpu = (type: "kvm" | "qemu"): string => {
    const { starting, failures } = probes.cpu[type];
    const refused = Object.entries(failures).map(([mode, why]) => `${mode} (${why})`);
    return `CPU modes that start a ${type} domain: ${starting.join(", ") || "no mode at all"}${refused.length ? `; refused: ${refused.join("; ")}` : ""}`;
  };
  const uefi = (type: "kvm" | "qemu"): string => {
    const found = probes.uefi[type];
    if (found === null) return `UEFI guests under ${type}: not probed (no ${type} domain starts)`;
    return found.runs
      ? `UEFI guests under ${type}: run (${found.firmwareLine})`
      : `UEFI guests under ${type}: do not run (${found.haltedBy})`;
  };
  return [
    `/dev/kvm in the sandbox: ${probes.kvmDevice ? "usable" : "absent or unusable"}`,
    cpu("kvm"),
    cpu("qemu"),
    uefi("kvm"),
    uefi("qemu"),
  ];
}

/** The hypervisor of the lab copied from `folder`: the UEFI lab's for a lab with UEFI nodes. */
export function labHypervisor(run: RunContext, folder: string): LabHypervisor {
  const inventory = JSON.parse(readFileSync(path.join(folder, "inventory.json"), "utf8")) as {
    nodes: Array<{ firmware?: string }>;
  };
  return inventory.nodes.some((node) => node.firmware === "uefi") ? run.hypervisor.uefiLab : run.hypervisor.labs;
}

/** The seed's default remote-state user; the sandbox's sshd accepts it as root. */
const SEED_SSH_USER = "ec2-user";

export async function startRun(): Promise<RunContext> {
  // A fresh folder per run: two runs never share a state, mirror or key.
  const scratch = await mkdtemp(path.join(tmpdir(), "gen-infra-real-libvirt-"));
  // The sandbox's own exit handler stops libvirt; this one removes the state and keys when afterAll never runs.
  process.once("exit", () => rmSync(scratch, { recursive: true, force: true }));
  try {
    const provider = await buildRealProvider();
    const { env } = await writeRealMirror(scratch, provider.binary);
    const keys = sshKeyPair("gen-infra-real-libvirt");
    const authorizedKeys = path.join(scratch, "authorized_keys");
    await writeFile(authorizedKeys, keys.publicLine, { mode: 0o600 });
    const sandbox = await Sandbox.start({ authorizedKeys, sshUsers: [SEED_SSH_USER] });
    try {
      const probes = await probe(sandbox);
      const hypervisor = chooseHypervisor({
        kvmDevice: probes.kvmDevice,
        startingModes: { kvm: probes.cpu.kvm.starting, qemu: probes.cpu.qemu.starting },
        uefiRuns: { kvm: probes.uefi.kvm?.runs ?? null, qemu: probes.uefi.qemu?.runs ?? null },
      });
      return { sandbox, scratch, terraformEnv: env, keys, probes, hypervisor, providerLine: provider.line };
    } catch (error) {
      await sandbox.stop();
      throw error;
    }
  } catch (error) {
    await rm(scratch, { recursive: true, force: true });
    throw error;
  }
}

export async function stopRun(run: RunContext | undefined): Promise<void> {
  if (!run) return;
  await run.sandbox.stop();
  await rm(run.scratch, { recursive: true, force: true });
}

/**
 * One run for the describe block that calls this: started in its beforeAll, stopped in its afterAll. The getter
 * throws where the start failed, so each test says so instead of failing on undefined.
 */
export function runForSuite(): () => RunContext {
  let run: RunContext | undefined;
  beforeAll(async () => {
    run = await startRun();
  }, 600_000);
  afterAll(() => stopRun(run), 60_000);
  return () => {
    if (!run) throw new Error("the real-libvirt run did not start");
    return run;
  };
}
