// Which CPU mode a domain can start with on this host. Under nested KVM, QEMU may refuse host-passthrough and
// even host-model ("failed to set MSR 0x10a"), and only a domain without a <cpu> element starts.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Sandbox } from "./sandbox";

export const CPU_MODES = ["host-passthrough", "host-model", "none"] as const;
export type CpuMode = (typeof CPU_MODES)[number];

export interface CpuProbe {
  /** The first mode, in the seed's order of preference, that starts. */
  mode: CpuMode;
  /** Why each mode before it failed. */
  failures: Partial<Record<CpuMode, string>>;
}

const probeXml = (name: string, mode: CpuMode): string =>
  [
    "<domain type='kvm'>",
    `  <name>${name}</name>`,
    "  <memory unit='MiB'>64</memory>",
    "  <vcpu>1</vcpu>",
    "  <os><type arch='x86_64'>hvm</type></os>",
    mode === "none" ? "" : `  <cpu mode='${mode}'/>`,
    "  <devices/>",
    "</domain>",
    "",
  ].join("\n");

export async function probeCpuMode(sandbox: Sandbox): Promise<CpuProbe> {
  const dir = await mkdtemp(path.join(tmpdir(), "gen-infra-cpu-probe-"));
  const failures: CpuProbe["failures"] = {};
  try {
    for (const mode of CPU_MODES) {
      const name = `gen-infra-cpu-probe-${mode}`;
      const file = path.join(dir, `${mode}.xml`);
      await writeFile(file, probeXml(name, mode));
      await sandbox.virsh("define", file);
      try {
        const started = await sandbox.run("virsh", ["-q", "-c", "qemu:///system", "start", name], {
          okExitCodes: [1],
        });
        if (started.exitCode === 0) {
          await sandbox.virsh("destroy", name);
          return { mode, failures };
        }
        failures[mode] = started.stderr.trim();
      } finally {
        await sandbox.virsh("undefine", name);
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  throw new Error(`no CPU mode starts a domain here: ${JSON.stringify(failures, null, 2)}`);
}
