// The committed output applied with the real dmacvicar/libvirt 0.8.3 provider against a real libvirtd, in
// namespaces of the test's own (see sandbox.ts). Needs root, /dev/kvm, Go, Terraform and Debian's libvirt/QEMU
// packages; without one of them every test here is skipped, and one line says which is missing.
import { describeWith } from "../helpers";
import { committedOutput, regenerateWithUri } from "./lab";
import { describeLab } from "./lab-suite";
import { missingPrerequisite } from "./prerequisites";
import { startRun, stopRun, type RunContext } from "./run-context";

const missing = missingPrerequisite();
// CI sets this so that a machine that lost a prerequisite fails instead of reporting skips.
if (missing !== null && process.env["GEN_INFRA_REAL_LIBVIRT"] === "required") {
  throw new Error(`the real-libvirt tests are required here, but ${missing} was not found`);
}

describeWith(missing ?? "", missing === null)("real provider, real libvirt", () => {
  let run: RunContext | undefined;

  beforeAll(async () => {
    run = await startRun();
    process.stdout.write(`${run.providerLine}\n`);
    const failures = Object.entries(run.cpu.failures).map(([mode, why]) => `${mode} (${why.split("\n").at(-1)})`);
    process.stdout.write(
      `CPU mode that starts here: ${run.cpu.mode}${failures.length ? `; refused: ${failures.join("; ")}` : ""}\n`,
    );
  }, 600_000);

  afterAll(() => stopRun(run), 60_000);

  const getRun = (): RunContext => {
    if (!run) throw new Error("the real-libvirt run did not start");
    return run;
  };

  // Labs run one after the other: they share one libvirtd, and default and redfish would collide on names.
  // The committed output, through the seed's connection path: remote state, qemu+ssh to ec2-user@127.0.0.1
  // with keyfile=, answered by the sandbox's sshd.
  describeLab({ name: "default", title: "out/default", folder: async () => committedOutput("default") }, getRun, {
    day2: true,
  });
  describeLab({ name: "redfish", title: "out/redfish", folder: async () => committedOutput("redfish") }, getRun, {
    day2: true,
  });
  // The explicit-URI connection mode, local: the default fixture regenerated with qemu:///system.
  describeLab(
    {
      name: "default-uri",
      title: "default regenerated with uri qemu:///system",
      folder: (context) => regenerateWithUri(context, "default", "qemu:///system"),
    },
    getRun,
    { day2: false },
  );
});
