// Every accepted fixture's generated output applied with the real dmacvicar/libvirt 0.8.3 provider against a real
// libvirtd, in namespaces of the test's own (see sandbox.ts). Needs root, /dev/kvm, Go, Terraform and Debian's
// libvirt/QEMU packages; without one of them every test here is skipped, and one line says which is missing.
import { committedOutput, regenerateWithUri } from "./lab";
import { LabSession, type LabSource } from "./lab-session";
import { day2Tests, describeLab, labChecks } from "./lab-suite";
import { added, fingerprint, snapshot } from "./libvirt-state";
import { acceptedFixtures } from "./paths";
import { describeUnlessMissing, missingPrerequisite } from "./prerequisites";
import { startRun, stopRun, type RunContext } from "./run-context";

const missing = missingPrerequisite();
// CI sets this so that a machine that lost a prerequisite fails instead of reporting skips.
if (missing !== null && process.env["GEN_INFRA_REAL_LIBVIRT"] === "required") {
  throw new Error(`the real-libvirt tests are required here, but ${missing} was not found`);
}

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
// cannot run them); the provider still starts every domain once at create.
const applyOnly = ["bonding-4.9", "edge-yaml", "monaco", "monaco-vars", "bonding-4.12", "workers-128"].map(committed);

// The node options, each a small lab with day 2: UEFI firmware (redfish), disk sizes and data disks, the arbiter's
// two-node control plane, and day-2 workers (with bonding).
const nodeOptions = ["uefi", "disks", "arbiter", "extra-workers"].map(committed);

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

const everyLab: readonly LabSource[] = [
  sideBySide.vbmc,
  sideBySide.redfish,
  kvmHost,
  defaultUri,
  ...nodeOptions,
  ...pairings,
  ...applyOnly,
];

describeUnlessMissing(missing)("real provider, real libvirt", () => {
  let run: RunContext | undefined;
  const applied: string[] = [];

  beforeAll(async () => {
    run = await startRun();
    process.stdout.write(`${run.providerLine}\n`);
    const failures = Object.entries(run.cpu.failures).map(([mode, why]) => `${mode} (${why.split("\n").at(-1)})`);
    process.stdout.write(
      `CPU mode that starts here: ${run.cpu.mode}${failures.length ? `; refused: ${failures.join("; ")}` : ""}\n`,
    );
    process.stdout.write(
      run.uefi.runs
        ? "UEFI guests run here\n"
        : `UEFI guests do not run here (${run.uefi.haltedBy}): the UEFI lab's nodes must start and pause for that reason\n`,
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

  test("the labs cover every accepted fixture", () => {
    expect([...new Set(everyLab.map((lab) => lab.fixture))].sort()).toEqual(acceptedFixtures);
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

    describe("out/default", () => {
      labChecks(getVbmc);
      day2Tests(getVbmc, sideBySide.vbmc);
    });
    describe("out/redfish", () => {
      labChecks(getRedfish);
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
  for (const source of applyOnly) describeLab(source, getRun, { day2: false, onApplied });
});
