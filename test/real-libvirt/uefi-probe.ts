// Whether a UEFI guest runs on this host. libvirt defines and starts a domain with Debian's OVMF wherever QEMU can
// map the firmware, but some hypervisors under the test machine's KVM cannot execute it: OVMF's first x87
// instruction (fwait; fninit) ends in "KVM internal error. Suberror: 1" (an emulation failure) and QEMU pauses the
// guest. The UEFI lab then expects its nodes to start and pause like this probe, for the same logged reason,
// instead of running; everything libvirt does for them (loader, NVRAM from its template) is asserted either way.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { OVMF } from "./ovmf";
import type { Sandbox } from "./sandbox";

export interface UefiProbe {
  /** The guest was still running after the probe's wait. */
  runs: boolean;
  /** When it did not: the line of its QEMU log that says why, e.g. "KVM internal error. Suberror: 1". */
  haltedBy: string | null;
}

const NAME = "gen-infra-uefi-probe";
/** OVMF fails within a second where it fails at all; on a host that runs it, it is in its boot menu by then. */
const WAIT_MS = 5_000;

const probeXml = (): string =>
  [
    "<domain type='kvm'>",
    `  <name>${NAME}</name>`,
    "  <memory unit='MiB'>256</memory>",
    "  <vcpu>1</vcpu>",
    "  <os>",
    "    <type arch='x86_64'>hvm</type>",
    `    <loader readonly='yes' type='pflash' secure='no'>${OVMF.code}</loader>`,
    `    <nvram template='${OVMF.vars}'>/var/lib/libvirt/qemu/nvram/${NAME}_VARS.fd</nvram>`,
    "  </os>",
    // OVMF needs ACPI on x86; the provider writes it into every domain.
    "  <features><acpi/></features>",
    "  <devices/>",
    "</domain>",
    "",
  ].join("\n");

/** The line of a domain's QEMU log, since its last start, that says why its guest stopped, or null. */
export async function haltReason(sandbox: Sandbox, name: string): Promise<string | null> {
  const log = await sandbox.run("sh", ["-c", `cat /var/log/libvirt/qemu/${name}.log 2>/dev/null || true`]);
  const lastStart = log.stdout.split(/^.*: starting up libvirt version/m).at(-1) ?? "";
  return /^KVM internal error\..*$/m.exec(lastStart)?.[0] ?? null;
}

export async function probeUefi(sandbox: Sandbox): Promise<UefiProbe> {
  const dir = await mkdtemp(path.join(tmpdir(), "gen-infra-uefi-probe-"));
  try {
    const file = path.join(dir, "probe.xml");
    await writeFile(file, probeXml());
    await sandbox.virsh("define", file);
    try {
      await sandbox.virsh("start", NAME);
      const deadline = Date.now() + WAIT_MS;
      let state = "";
      while (Date.now() < deadline) {
        state = (await sandbox.virsh("domstate", NAME)).trim();
        if (state !== "running") break;
        await sleep(250);
      }
      if (state === "running") return { runs: true, haltedBy: null };
      return { runs: false, haltedBy: (await haltReason(sandbox, NAME)) ?? `the guest went ${state}` };
    } finally {
      await sandbox.run("virsh", ["-q", "-c", "qemu:///system", "destroy", NAME], { okExitCodes: [1] });
      await sandbox.virsh("undefine", "--nvram", NAME);
      await sandbox.run("rm", ["-f", `/var/log/libvirt/qemu/${NAME}.log`]);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
