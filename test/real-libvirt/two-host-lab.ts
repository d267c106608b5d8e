// A generated lab on two hypervisors, applied for real on one machine: two sandboxes (sandbox.ts), the first the
// gateway host, joined by a veth underlay (underlay.ts). Each runs its host-preparation-<name>.sh as generated;
// Terraform runs in the gateway's sandbox, which reaches its own libvirtd over qemu:///system and the other's over
// qemu+ssh to that sandbox's sshd on the underlay. `start` goes as far as it can and keeps what it made, so that
// `stop` (afterAll) undoes exactly that, failed or not: the destroy, both sandboxes, the veth, the scratch folder.
import { rmSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { sshKeyPair } from "../../terraform-harness/src";
import { ownOutputNames } from "../../generator/compile";
import { writeOutput } from "../../generator/output/write";
import { probeCpuModes } from "./cpu-probe";
import { labsHypervisor, type LabHypervisor } from "./hypervisor";
import { kvmDeviceUsable } from "./run-context";
import { probeUefi } from "./uefi-probe";
import { prepareLab, terraform, type Lab, type LabContext } from "./lab";
import { snapshot, type Snapshot } from "./libvirt-state";
import { buildRealProvider, writeRealMirror } from "./provider";
import { Sandbox } from "./sandbox";
import { Underlay } from "./underlay";

interface LabHost {
  /** The spec's hypervisor name, as in host-preparation-<name>.sh. */
  name: string;
  /** Its underlay address (IPv4), which the spec names too. */
  underlay: string;
}

export interface TwoHostSpec {
  /** The gateway host first. */
  hosts: readonly [LabHost, LabHost];
  underlayPrefixLength: number;
  /** The generated output, as compile returns it. */
  files: ReadonlyMap<string, string>;
  /** File names in the output folder the spec's connections name: the run's key pair goes there. */
  publicKeyFile: string;
  privateKeyFile: string;
}

const seconds = (start: number): string => `${((Date.now() - start) / 1000).toFixed(1)} s`;

/** The hypervisor every lab without UEFI nodes gets (hypervisor.ts): KVM only where a kvm guest runs its firmware. */
async function hypervisorHere(sandbox: Sandbox): Promise<LabHypervisor> {
  const cpu = await probeCpuModes(sandbox);
  return labsHypervisor({
    kvmDevice: await kvmDeviceUsable(sandbox),
    startingModes: { kvm: cpu.kvm.starting, qemu: cpu.qemu.starting },
    uefiRuns: { kvm: cpu.kvm.starting.length > 0 ? (await probeUefi(sandbox, "kvm")).runs : null },
  });
}

export class TwoHostLab {
  private scratch = "";
  private readonly sandboxes = new Map<string, Sandbox>();
  private underlay: Underlay | undefined;
  private context: LabContext | undefined;
  private lab: Lab | undefined;
  hypervisor: LabHypervisor | undefined;
  /** What each host's libvirtd held before the apply. */
  readonly before = new Map<string, Snapshot>();
  readonly times: Record<string, string> = {};
  private applied = false;
  private destroyed = false;

  constructor(private readonly spec: TwoHostSpec) {}

  sandbox(host: string): Sandbox {
    const sandbox = this.sandboxes.get(host);
    if (!sandbox) throw new Error(`the sandbox of ${host} did not start: see the error of beforeAll`);
    return sandbox;
  }

  /** The applied lab and the context Terraform runs in. */
  requireApplied(): { lab: Lab; context: LabContext } {
    if (!this.lab || !this.context || !this.applied) throw new Error("the lab was not applied: see beforeAll");
    return { lab: this.lab, context: this.context };
  }

  async timed<T>(step: string, action: () => Promise<T>): Promise<T> {
    const start = Date.now();
    const result = await action();
    this.times[step] = seconds(start);
    return result;
  }

  async start(): Promise<void> {
    this.scratch = await mkdtemp(path.join(tmpdir(), "gen-infra-two-hosts-"));
    // The sandboxes' own exit handlers stop libvirt; this removes the state and keys when afterAll never runs.
    const scratch = this.scratch;
    process.once("exit", () => rmSync(scratch, { recursive: true, force: true }));
    const [gateway, other] = this.spec.hosts;
    const provider = await buildRealProvider();
    const { env } = await writeRealMirror(this.scratch, provider.binary);
    const keys = sshKeyPair("gen-infra-two-hosts");
    const authorizedKeys = path.join(this.scratch, "authorized_keys");
    await writeFile(authorizedKeys, keys.publicLine, { mode: 0o600 });
    await this.startSandboxes([{}, { authorizedKeys, sshListenAlso: [other.underlay] }]);
    const a = this.sandbox(gateway.name);
    const prefix = this.spec.underlayPrefixLength;
    this.underlay = await Underlay.join(
      { sandbox: a, address: `${gateway.underlay}/${prefix}` },
      { sandbox: this.sandbox(other.name), address: `${other.underlay}/${prefix}` },
    );

    const out = path.join(this.scratch, "out");
    await mkdir(out, { recursive: true });
    const written = writeOutput(out, this.spec.files, { force: false, ownNames: ownOutputNames() });
    if (!written.ok) throw new Error(`writing the output failed: ${JSON.stringify(written.findings)}`);
    await writeFile(path.join(out, this.spec.publicKeyFile), keys.publicLine);
    await writeFile(path.join(out, this.spec.privateKeyFile), keys.privatePem, { mode: 0o600 });

    // Each host's script as generated, run as root inside that host.
    await this.timed("host preparation", async () => {
      for (const host of this.spec.hosts)
        await this.sandbox(host.name).run("sh", [path.join(out, `host-preparation-${host.name}.sh`)]);
    });

    const context: LabContext = { sandbox: a, scratch: this.scratch, terraformEnv: env, keys };
    this.context = context;
    this.hypervisor = await hypervisorHere(a);
    const lab = await prepareLab(context, "two-hosts", out, this.hypervisor);
    this.lab = lab;
    for (const host of this.spec.hosts) this.before.set(host.name, await snapshot(this.sandbox(host.name)));
    await this.timed("init", () => terraform(context, lab, ["init", "-no-color", "-input=false"]));
    this.applied = true;
    try {
      await this.timed("apply", () =>
        terraform(context, lab, ["apply", "-auto-approve", "-no-color", "-input=false", ...lab.vars]),
      );
    } catch (error) {
      const logs = await Promise.all(
        this.spec.hosts.map(async (host) => `${host.name}'s libvirtd:\n${await this.sandbox(host.name).daemonLog()}`),
      );
      throw new Error(`${String(error)}\n${logs.join("\n")}`);
    }
  }

  /** Both sandboxes, or none: one that started is kept for `stop` when the other failed. */
  private async startSandboxes(options: Parameters<typeof Sandbox.start>[0][]): Promise<void> {
    const started = await Promise.allSettled(options.map((option) => Sandbox.start(option)));
    started.forEach((result, index) => {
      const host = this.spec.hosts[index];
      if (result.status === "fulfilled" && host) this.sandboxes.set(host.name, result.value);
    });
    const failed = started.find((result) => result.status === "rejected");
    if (failed) throw failed.reason;
  }

  async destroy(): Promise<void> {
    const { lab, context } = this.requireApplied();
    await this.timed("destroy", () =>
      terraform(context, lab, ["destroy", "-auto-approve", "-no-color", "-input=false", ...lab.vars]),
    );
    this.destroyed = true;
  }

  /** afterAll: whatever `start` made, undone, also after a failure. */
  async stop(): Promise<void> {
    if (this.applied && !this.destroyed)
      await this.destroy().catch((error: unknown) =>
        process.stdout.write(`destroy of the two-host lab after a failure also failed: ${String(error)}\n`),
      );
    await Promise.allSettled([...this.sandboxes.values()].map((sandbox) => sandbox.stop()));
    this.sandboxes.clear();
    await this.underlay?.remove();
    if (this.scratch) await rm(this.scratch, { recursive: true, force: true });
  }
}
