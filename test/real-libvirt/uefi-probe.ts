// Whether a UEFI guest runs here, under KVM and under software emulation. libvirt defines and starts a domain with
// Debian's OVMF wherever QEMU can map the firmware, but some hypervisors under the test machine's KVM cannot
// execute it: OVMF's first x87 instruction (fwait; fninit) ends in "KVM internal error. Suberror: 1" (an emulation
// failure) and QEMU pauses the guest. Under emulation (a qemu domain) OVMF runs on every host, which is why the
// UEFI lab runs that way; the KVM result is information the run prints.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { DomainType } from "./hypervisor";
import { OVMF } from "./ovmf";
import type { Sandbox } from "./sandbox";
import { lineWith, OVMF_BOOT_LINE, startWatchingConsole } from "./serial";

export interface UefiProbe {
  /** The guest kept running and its firmware printed its boot manager's line on the console. */
  runs: boolean;
  /** When it did not: the line of its QEMU log that says why, e.g. "KVM internal error. Suberror: 1". */
  haltedBy: string | null;
  /** The firmware's first boot-manager line, the proof that OVMF executes. */
  firmwareLine: string | null;
}

/** Under each type; null where no domain of that type starts at all (no probe ran). */
export type UefiProbes = Record<DomainType, UefiProbe | null>;

/** Under emulation OVMF reaches its boot manager in some 10 s on a busy 2-core machine. */
const WAIT_MS = 90_000;

const probeXml = (name: string, type: DomainType): string =>
  [
    `<domain type='${type}'>`,
    `  <name>${name}</name>`,
    "  <memory unit='MiB'>256</memory>",
    "  <vcpu>1</vcpu>",
    "  <os>",
    "    <type arch='x86_64'>hvm</type>",
    `    <loader readonly='yes' type='pflash' secure='no'>${OVMF.code}</loader>`,
    `    <nvram template='${OVMF.vars}'>/var/lib/libvirt/qemu/nvram/${name}_VARS.fd</nvram>`,
    "  </os>",
    // OVMF needs ACPI on x86; the provider writes it into every domain, with APIC and PAE.
    "  <features><pae/><acpi/><apic/></features>",
    "  <devices>",
    // As the provider writes `console { type = "pty" }`.
    "    <serial type='pty'><target port='0'/></serial>",
    "    <console type='pty'><target type='serial' port='0'/></console>",
    "  </devices>",
    "</domain>",
    "",
  ].join("\n");

/** The line of a domain's QEMU log, since its last start, that says why its guest stopped, or null. */
export async function haltReason(sandbox: Sandbox, name: string): Promise<string | null> {
  const log = await sandbox.run("sh", ["-c", `cat /var/log/libvirt/qemu/${name}.log 2>/dev/null || true`]);
  const lastStart = log.stdout.split(/^.*: starting up libvirt version/m).at(-1) ?? "";
  return /^KVM internal error\..*$/m.exec(lastStart)?.[0] ?? null;
}

export async function probeUefi(sandbox: Sandbox, type: DomainType): Promise<UefiProbe> {
  const name = `gen-infra-uefi-probe-${type}`;
  const dir = await mkdtemp(path.join(tmpdir(), "gen-infra-uefi-probe-"));
  try {
    const file = path.join(dir, "probe.xml");
    await writeFile(file, probeXml(name, type));
    await sandbox.virsh("define", file);
    try {
      const watch = await startWatchingConsole(sandbox, name, OVMF_BOOT_LINE);
      const seen: { line: string | null } = { line: null };
      void watch.output.then((output) => (seen.line = lineWith(output, OVMF_BOOT_LINE)));
      // A guest that cannot run OVMF pauses within a second; one that runs it prints the line.
      const deadline = Date.now() + WAIT_MS;
      let state = "running";
      while (seen.line === null && Date.now() < deadline) {
        state = (await sandbox.virsh("domstate", name)).trim();
        if (state !== "running") break;
        await sleep(250);
      }
      if (state === "running" && seen.line !== null) return { runs: true, haltedBy: null, firmwareLine: seen.line };
      const why = (await haltReason(sandbox, name)) ?? `the guest went ${state} without printing "${OVMF_BOOT_LINE}"`;
      return { runs: false, haltedBy: why, firmwareLine: seen.line };
    } finally {
      await sandbox.run("virsh", ["-q", "-c", "qemu:///system", "destroy", name], { okExitCodes: [1] });
      await sandbox.virsh("undefine", "--nvram", name);
      await sandbox.run("rm", ["-f", `/var/log/libvirt/qemu/${name}.log`]);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
