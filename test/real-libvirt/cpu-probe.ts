// Which CPU modes a domain can start with here, under KVM and under software emulation. Under nested KVM, QEMU
// may refuse host-passthrough and even host-model ("failed to set MSR 0x10a"), and only a domain without a <cpu>
// element starts. Without a usable /dev/kvm, libvirt refuses every kvm domain ("could not get preferred machine
// for /usr/bin/qemu-system-x86_64 type=kvm"). Under emulation libvirt refuses host-passthrough ("not supported by
// hypervisor") and expands host-model into a named model with its features.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { CPU_MODES, type CpuMode, type DomainType } from "./hypervisor";
import type { Sandbox } from "./sandbox";

export type { CpuMode } from "./hypervisor";

interface CpuProbe {
  /** The modes that started a domain of this type, in CPU_MODES order. */
  starting: CpuMode[];
  /** Why each other mode failed: libvirt's or QEMU's last line. */
  failures: Partial<Record<CpuMode, string>>;
}

export type CpuProbes = Record<DomainType, CpuProbe>;

const probeXml = (name: string, type: DomainType, mode: CpuMode): string =>
  [
    `<domain type='${type}'>`,
    `  <name>${name}</name>`,
    "  <memory unit='MiB'>64</memory>",
    "  <vcpu>1</vcpu>",
    "  <os><type arch='x86_64'>hvm</type></os>",
    mode === "none" ? "" : `  <cpu mode='${mode}'/>`,
    "  <devices/>",
    "</domain>",
    "",
  ].join("\n");

const lastLine = (text: string): string => text.trim().split("\n").at(-1) ?? "";

/** Defines, starts and removes one probe domain; null when it started, else why not. */
async function tryMode(sandbox: Sandbox, dir: string, type: DomainType, mode: CpuMode): Promise<string | null> {
  const name = `gen-infra-cpu-probe-${type}-${mode}`;
  const file = path.join(dir, `${type}-${mode}.xml`);
  await writeFile(file, probeXml(name, type, mode));
  const virsh = (...args: string[]) =>
    sandbox.run("virsh", ["-q", "-c", "qemu:///system", ...args], { okExitCodes: [1] });
  // Without KVM, libvirt refuses a kvm domain already at define.
  const defined = await virsh("define", file);
  if (defined.exitCode !== 0) return lastLine(defined.stderr);
  try {
    const started = await virsh("start", name);
    if (started.exitCode !== 0) return lastLine(started.stderr);
    await sandbox.virsh("destroy", name);
    return null;
  } finally {
    await sandbox.virsh("undefine", name);
  }
}

/** Every CPU mode under one domain type. */
async function probeType(sandbox: Sandbox, dir: string, type: DomainType): Promise<CpuProbe> {
  const probe: CpuProbe = { starting: [], failures: {} };
  for (const mode of CPU_MODES) {
    const failure = await tryMode(sandbox, dir, type, mode);
    if (failure === null) probe.starting.push(mode);
    else probe.failures[mode] = failure;
  }
  return probe;
}

/** Every CPU mode under both domain types: the hypervisor choice needs all of them, not just the first. */
export async function probeCpuModes(sandbox: Sandbox): Promise<CpuProbes> {
  const dir = await mkdtemp(path.join(tmpdir(), "gen-infra-cpu-probe-"));
  try {
    return { kvm: await probeType(sandbox, dir, "kvm"), qemu: await probeType(sandbox, dir, "qemu") };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
