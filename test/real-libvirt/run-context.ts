// Everything a real-libvirt test file shares: the provider build, its mirror, one key pair, the sandbox and the
// CPU mode that starts here. Set up once per file, torn down in afterAll (and by the sandbox's exit handlers
// when afterAll never runs).
import { rmSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { sshKeyPair } from "../../generator/verify/ssh-keys";
import { probeCpuMode, type CpuProbe } from "./cpu-probe";
import type { LabContext } from "./lab";
import { buildRealProvider, writeRealMirror } from "./provider";
import { Sandbox } from "./sandbox";
import { probeUefi, type UefiProbe } from "./uefi-probe";

export interface RunContext extends LabContext {
  cpu: CpuProbe;
  /** Whether a UEFI guest runs here, or pauses at once (see uefi-probe.ts). */
  uefi: UefiProbe;
  providerLine: string;
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
      const cpu = await probeCpuMode(sandbox);
      const uefi = await probeUefi(sandbox);
      return { sandbox, scratch, terraformEnv: env, keys, cpu, uefi, providerLine: provider.line };
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
