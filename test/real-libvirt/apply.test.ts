// Every accepted fixture's generated output applied with the real dmacvicar/libvirt 0.8.3 provider against a real
// libvirtd, in namespaces of the test's own (see sandbox.ts). Needs root, Go, Terraform and Debian's libvirt/QEMU
// packages; without one of them every test here is skipped, and one line says which is missing. KVM where it is
// usable, software emulation where it is not (hypervisor.ts); GEN_INFRA_HIDE_KVM=1 hides /dev/kvm from libvirt.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { agentLabs } from "./agent-lab";
import { committedOutput, regenerateWithUri } from "./lab";
import { LabSession, type LabSource } from "./lab-session";
import { day2Tests, describeLab, dhcpExchangeTest, labChecks } from "./lab-suite";
import { added, fingerprint, snapshot } from "./libvirt-state";
import { acceptedFixtures } from "./paths";
import { prerequisitesGate } from "./prerequisites";
import { probeLines, startRun, stopRun, type RunContext } from "./run-context";

const prerequisites = prerequisitesGate();

const committed = (fixture: string): LabSource => ({
  name: fixture,
  title: `out/${fixture}`,
  fixture,
  folder: async () => committedOutput(fixture),
});

// The committed output goes through the seed's connection path: remote state, qemu+ssh to ec2-user@127.0.0.1 with
// keyfile=, answered by the sandbox's sshd. default and redfish have distinct names (redfish's name_prefix), so
// they share the libvirtd at once; every other lab has it to itself, one after the other.
const sideBySide = { vbmc: committed("default"), redfish: committed("redfish") };
// kvm-host's literal URI names a host that does not exist: a copy regenerated with qemu:///system, the compact
// (0 worker) cluster. default with the same URI covers the uri mode for vbmc.
const kvmHost: LabSource = {
  name: "kvm-host-local",
  title: "kvm-host regenerated with uri qemu:///system",
  fixture: "kvm-host",
  folder: (run) => regenerateWithUri(run, "kvm-host", "qemu:///system"),
};
const defaultUri: LabSource = {
  name: "default-uri",
  title: "default regenerated with uri qemu:///system",
  fixture: "default",
  folder: (run) => regenerateWithUri(run, "default", "qemu:///system"),
};
// Largest last: bonding-4.12 has 60 workers, workers-128 has 128. They are not powered on after the apply (2 cores
// cannot run them); the provider still starts every domain once at create. redfish-ca differs from redfish in its
// release and day-2 worker alone (its CA is install-config.yaml's business): applying it is enough. So is applying
// os-image-stream, a 5.0 lab whose stream is install-config.yaml's business too.
const applyOnly = [
  "redfish-ca",
  "bonding-4.9",
  "edge-yaml",
  "monaco",
  "os-image-stream",
  "bonding-4.12",
  "workers-128",
].map(committed);

// The address families, each a small lab: IPv6 alone (a /64, and a /120), dual stack with either family first.
const ipStacks = ["ipv6", "ipv6-120", "dual-stack", "dual-stack-v6v4"].map(committed);
// The support VM's IPv6 services served on the lab's own chucky bridge: one lab of IPv6 alone, one of dual stack.
const ipv6ServedOnChucky = new Set(["ipv6-120", "dual-stack"]);

// The node options, each a small lab with day 2: UEFI firmware (redfish), disk sizes and data disks, the arbiter's
// two-node control plane, the two-node control plane with fencing (redfish, UEFI), and day-2 workers (with bonding).
const nodeOptions = ["uefi", "disks", "arbiter", "tnf", "extra-workers"].map(committed);

// Every pairing of the provisioning network mode and the BMC driver the installer takes, each a small lab.
const pairings = [
  "provisioning-managed-ipmi",
  "provisioning-managed-redfish",
  "provisioning-managed-redfish-virtualmedia",
  "provisioning-unmanaged-ipmi",
  "provisioning-unmanaged-redfish",
  "provisioning-unmanaged-redfish-virtualmedia",
  "provisioning-disabled-redfish-virtualmedia",
].map(committed);

// A fixture whose .tf files equal an applied fixture's, but for the comment that names the spec file, is asserted
// equal instead of applied again: Terraform never reads a comment, so the apply would prove nothing new.
// monaco.vars is monaco.json written as a Terraform variables file.
const sameConfiguration: Readonly<Record<string, string>> = { "monaco-vars": "monaco" };
// The same for a fixture that differs from an applied one in ocp_version as well, but for that variable's default:
// the release reaches the lab only through outputs and plan-time checks, and test/terraform/terraform-rules.test.ts
// plans one lab as 4.12.3, 5.0.1 and 4.9.5 to the same resources, but the bond before 4.10. ocp-5 is redfish on 5.0.1.
const sameButRelease: Readonly<Record<string, string>> = { "ocp-5": "redfish" };

/**
 * A generated folder's .tf files by name, without the header comment naming the spec it came from; `withoutRelease`,
 * without ocp_version's default either.
 */
function configuration(fixture: string, withoutRelease = false): Record<string, string> {
  const folder = committedOutput(fixture);
  const files = readdirSync(folder).filter((file) => file.endsWith(".tf"));
  const read = (file: string) => {
    const text = readFileSync(path.join(folder, file), "utf8").replace(/^# Generated by gen-infra from \S+\./m, "");
    return withoutRelease ? text.replace(/(variable "ocp_version" \{[^}]*?default\s*=\s*)"[^"]*"/, '$1""') : text;
  };
  return Object.fromEntries(files.sort().map((file) => [file, read(file)]));
}

const everyLab: readonly LabSource[] = [
  sideBySide.vbmc,
  sideBySide.redfish,
  kvmHost,
  defaultUri,
  ...nodeOptions,
  ...pairings,
  ...ipStacks,
  ...applyOnly,
];

prerequisites.describe("real provider, real libvirt", () => {
  let run: RunContext | undefined;
  const applied: string[] = [];

  beforeAll(async () => {
    run = await startRun();
    const { labs, uefiLab } = run.hypervisor;
    // The hypervisor line, once per run: this file is the one that prints it.
    process.stdout.write(
      [
        run.hypervisor.line,
        run.providerLine,
        ...probeLines(run.probes),
        `labs: -var domain_type=${labs.domainType} -var cpu_mode=${labs.cpuMode}; ` +
          `the UEFI lab: -var domain_type=${uefiLab.domainType} -var cpu_mode=${uefiLab.cpuMode}`,
        "",
      ].join("\n"),
    );
  }, 600_000);

  afterAll(async () => {
    process.stdout.write(`real-libvirt fixtures applied: ${[...new Set(applied)].join(", ") || "none"}\n`);
    await stopRun(run);
  }, 60_000);

  const getRun = (): RunContext => {
    if (!run) throw new Error("the real-libvirt run did not start");
    return run;
  };
  const onApplied = (session: LabSession) => applied.push(session.source.fixture);

  // The agent-based installer's labs are applied in agent.test.ts, which boots their ISO.
  test("the labs cover every accepted fixture", () => {
    const covered = [
      ...everyLab.map((lab) => lab.fixture),
      ...Object.keys(sameConfiguration),
      ...Object.keys(sameButRelease),
      ...agentLabs.map((lab) => lab.fixture),
    ];
    expect([...new Set(covered)].sort()).toEqual(acceptedFixtures);
  });

  for (const [fixture, applied] of Object.entries(sameConfiguration)) {
    test(`out/${fixture} is out/${applied}'s configuration but for the spec file its comment names: not applied again`, () => {
      expect(everyLab.map((lab) => lab.fixture)).toContain(applied);
      const own = configuration(fixture);
      expect(Object.keys(own).length).toBeGreaterThan(0);
      expect(own).toEqual(configuration(applied));
    });
  }

  for (const [fixture, applied] of Object.entries(sameButRelease)) {
    test(`out/${fixture} is out/${applied}'s configuration but for ocp_version's default: not applied again`, () => {
      expect(everyLab.map((lab) => lab.fixture)).toContain(applied);
      const [own, theirs] = [configuration(fixture), configuration(applied)];
      expect(own).not.toEqual(theirs);
      expect(configuration(fixture, true)).toEqual(configuration(applied, true));
    });
  }

  test("under software emulation libvirt refuses host-passthrough and starts host-model; without /dev/kvm, no kvm domain", () => {
    const { kvmDevice, cpu } = getRun().probes;
    expect({ starting: cpu.qemu.starting, passthrough: cpu.qemu.failures["host-passthrough"] }).toEqual({
      starting: ["host-model", "none"],
      passthrough: expect.stringContaining(
        "CPU mode 'host-passthrough' for x86_64 qemu domain on x86_64 host is not supported by hypervisor",
      ),
    });
    // The error users meet when a generated lab defaults to kvm on such a host (docs/troubleshooting.md).
    const kvmRefusals = Object.values(cpu.kvm.failures).filter((why) =>
      /could not get preferred machine for \S+ type=kvm/.test(why),
    );
    expect({ kvmDevice, refusedForNoKvm: kvmRefusals.length }).toEqual({
      kvmDevice,
      refusedForNoKvm: kvmDevice ? 0 : 3,
    });
  });

  test("the labs use KVM exactly where a kvm guest runs its firmware; the UEFI lab runs under emulation with OVMF printing", () => {
    const { probes, hypervisor } = getRun();
    const kvm = probes.kvmDevice && probes.cpu.kvm.starting.length > 0 && probes.uefi.kvm?.runs === true;
    expect({ labs: hypervisor.labs.domainType, uefiLab: hypervisor.uefiLab.domainType, line: hypervisor.line }).toEqual(
      {
        labs: kvm ? "kvm" : "qemu",
        uefiLab: "qemu",
        line: kvm ? "real-libvirt: KVM" : "real-libvirt: software emulation (no usable KVM)",
      },
    );
    expect(probes.uefi.qemu?.firmwareLine).toMatch(/^BdsDxe: /);
  });

  describe("out/default and out/redfish side by side on one libvirtd", () => {
    let vbmc: LabSession | undefined;
    let redfish: LabSession | undefined;
    const getVbmc = (): LabSession => {
      if (!vbmc?.facts) throw new Error("out/default was not applied: see the error of beforeAll");
      return vbmc;
    };
    const getRedfish = (): LabSession => {
      if (!redfish?.facts) throw new Error("out/redfish was not applied: see the error of beforeAll");
      return redfish;
    };

    beforeAll(async () => {
      vbmc = new LabSession(sideBySide.vbmc, getRun(), onApplied);
      await vbmc.apply();
      redfish = new LabSession(sideBySide.redfish, getRun(), onApplied);
      await redfish.apply();
    }, 1_200_000);

    afterAll(async () => {
      await redfish?.cleanUp();
      await vbmc?.cleanUp();
    }, 600_000);

    test("the two clusters share no domain, network or volume name", () => {
      const a = getVbmc().own;
      const b = getRedfish().own;
      expect(a.domains.length).toBeGreaterThan(0);
      expect(b.domains.length).toBeGreaterThan(0);
      expect(added(a, b)).toEqual(b);
    });

    // The DHCP exchange on one lab of each architecture (vbmc, redfish), before day 2 powers the nodes on.
    describe("out/default", () => {
      labChecks(getVbmc);
      dhcpExchangeTest(getVbmc, sideBySide.vbmc);
      day2Tests(getVbmc, sideBySide.vbmc);
    });
    describe("out/redfish", () => {
      labChecks(getRedfish);
      dhcpExchangeTest(getRedfish, sideBySide.redfish);
      day2Tests(getRedfish, sideBySide.redfish);
    });

    test("destroying out/redfish touches nothing of out/default", async () => {
      const sandbox = getRun().sandbox;
      const kept = getVbmc();
      const gone = getRedfish();
      const before = await fingerprint(sandbox, kept.own);
      await gone.destroy();
      expect(await snapshot(sandbox)).toEqual(gone.before);
      expect(await fingerprint(sandbox, kept.own)).toEqual(before);
    }, 600_000);

    test("then destroying out/default leaves libvirt as it was before both", async () => {
      const kept = getVbmc();
      await kept.destroy();
      expect(await snapshot(getRun().sandbox)).toEqual(kept.before);
    }, 600_000);
  });

  describeLab(kvmHost, getRun, { day2: true, onApplied });
  describeLab(defaultUri, getRun, { day2: false, onApplied });
  for (const source of nodeOptions) describeLab(source, getRun, { day2: true, onApplied });
  for (const source of pairings) describeLab(source, getRun, { day2: false, onApplied });
  for (const source of ipStacks)
    describeLab(source, getRun, { day2: false, onApplied, ipv6Services: ipv6ServedOnChucky.has(source.fixture) });
  for (const source of applyOnly) describeLab(source, getRun, { day2: false, onApplied });
});
