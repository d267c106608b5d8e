// OpenTofu beside Terraform, offline, through the stand-in provider: `gen-infra verify --engine tofu` on every
// fixture's committed output; a named subset of the terraform tier's plan tests under tofu (the same planned values
// as Terraform's, then apply, an empty second plan and destroy); and -var overrides that break a rule failing the
// plan with the same messages. Skipped, saying `SKIPPED: tofu not found`, without OpenTofu; required where
// GEN_INFRA_TOFU is set (CI). Needs `npm run build` first (runs bin/ and dist/).
import { execa } from "execa";
import { bin, fixtures, flat, succeeded } from "../helpers";
import { findTofu, TOFU_VERSION } from "../opentofu";
import { pool } from "../pool";
import { whenFound } from "../skip";
import {
  findTerraform,
  runTerraform,
  type HarnessResult,
  type RunTerraformOptions,
  type TerraformPlanJson,
} from "../../terraform-harness/src";

const tofu = await findTofu();
const terraform = await findTerraform();
const { test: testWithTofu } = whenFound("tofu", tofu !== null);
// The comparisons need both engines; only asked (and announced) when tofu is there.
const testWithBoth = tofu ? whenFound("terraform", terraform !== null).test : testWithTofu;

// Two engines at a time at most: the machine is small, and each run is mostly the stand-in's Node start-ups.
const limited = pool(2);

const outDir = (name: string): string => {
  const fixture = fixtures.find((f) => f.name === name);
  if (!fixture) throw new Error(`no fixture named ${name}`);
  return fixture.outDir;
};

/** `gen-infra verify <dir> ...` as a user runs it, with the environment's additions. */
const verifyCli = (dir: string, args: string[], env: Record<string, string>) =>
  limited(() =>
    execa(process.execPath, [bin, "verify", dir, ...args], { env, reject: false, stdin: "ignore", timeout: 300_000 }),
  );
type CliRun = Awaited<ReturnType<typeof verifyCli>>;

const withTofu = (dir: string, options: RunTerraformOptions = {}): Promise<HarnessResult> =>
  limited(() => runTerraform(dir, { ...options, terraform: tofu ?? "tofu", engine: "opentofu" }));
const withTerraform = (dir: string, options: RunTerraformOptions = {}): Promise<HarnessResult> =>
  limited(() => runTerraform(dir, { ...options, engine: "terraform" }));

/** The fixtures whose plans are held against Terraform's: vbmc, redfish, UEFI nodes, and the uri connection. */
const PLANNED = ["default", "redfish", "uefi", "kvm-host"] as const;

/** [what, -var overrides, the message the plan must fail with, the fixture]: the terraform tier's, a subset. */
const BROKEN: [string, Record<string, string>, string, string][] = [
  [
    "number_of_workers=200",
    { number_of_workers: "200" },
    "number_of_workers must be a whole number from 0 to 128.",
    "default",
  ],
  ["architecture=ipmi", { architecture: "ipmi" }, 'architecture must be "vbmc" or "redfish".', "default"],
  [
    "a /26 chucky network",
    { chucky_net_addr: "192.168.30.0/26" },
    "chucky_net_addr is too small: the ingress VIP is host 110, which needs a /25 or larger network.",
    "default",
  ],
  [
    "overlapping networks",
    { provision_net_addr: "192.168.30.128/25" },
    "Networks must not overlap: chucky 192.168.30.0/24 and provision 192.168.30.128/25.",
    "default",
  ],
  [
    "more workers than the hypervisor holds (a precondition)",
    { number_of_workers: "3" },
    "The VMs need 144 GiB of memory but the hypervisor offers 128: 16 short.",
    "kvm-host",
  ],
  ["firmware=efi", { firmware: "efi" }, 'firmware must be "bios" or "uefi".', "uefi"],
  [
    "ipmi with the provisioning network disabled (a precondition)",
    { provisioning_network: "Disabled" },
    "bmc_driver ipmi with provisioning_network Disabled: the installer refuses it (driver ipmi requires provisioning network).",
    "provisioning-managed-ipmi",
  ],
  ["domain_type=xen", { domain_type: "xen" }, 'domain_type must be "kvm" or "qemu".', "monaco"],
  [
    "domain_type=qemu with the seed's host-passthrough (a precondition)",
    { domain_type: "qemu" },
    "domain_type qemu (software emulation) cannot start a VM with cpu_mode host-passthrough",
    "monaco",
  ],
];

// Started when the file loads, a few at a time, so the tests only wait for their own.
const verifies = new Map<string, Promise<CliRun>>();
const tofuPlans = new Map<string, Promise<HarnessResult>>();
const terraformPlans = new Map<string, Promise<HarnessResult>>();
const brokenPlans = new Map<string, Promise<HarnessResult>>();
let oldBonding: Promise<HarnessResult> | undefined;
let namedByTerraform: Promise<CliRun> | undefined;
if (tofu) {
  for (const fixture of fixtures) {
    verifies.set(fixture.name, verifyCli(fixture.outDir, ["--engine", "tofu"], { TOFU: tofu }));
  }
  for (const name of PLANNED) {
    tofuPlans.set(name, withTofu(outDir(name), { apply: true }));
    if (terraform) terraformPlans.set(name, withTerraform(outDir(name)));
  }
  for (const [what, vars, , fixture] of BROKEN) brokenPlans.set(what, withTofu(outDir(fixture), { vars }));
  oldBonding = withTofu(outDir("default"), { vars: { bonding_nic: "true" } });
  // No flag: $TERRAFORM names the engine, and verify says which it found.
  namedByTerraform = verifyCli(outDir("default"), [], { TERRAFORM: tofu });
}

afterAll(async () => {
  // Every run removes its own scratch folder; waiting for them keeps none running past the file.
  await Promise.allSettled([
    ...verifies.values(),
    ...tofuPlans.values(),
    ...terraformPlans.values(),
    ...brokenPlans.values(),
    oldBonding,
    namedByTerraform,
  ]);
}, 900_000);

const got = <T>(runs: Map<string, Promise<T>>, name: string): Promise<T> => {
  const run = runs.get(name);
  if (!run) throw new Error(`no run was started for ${name}`);
  return run;
};

/** The line verify prints before it runs, naming the engine, its version and the binary. */
const engineLine = (binary: string) => `with OpenTofu ${TOFU_VERSION} (${binary}): init, validate and plan`;

const noStackTrace = /\n\s+at .+:\d+:\d+\)?\n/;

describe("gen-infra verify with OpenTofu", () => {
  testWithTofu.each(fixtures.map((f) => [f.name] as const))(
    "verify --engine tofu out/%s: validates and plans, and says OpenTofu ran",
    async (name) => {
      const run = await got(verifies, name);
      if (run.exitCode !== 0) throw new Error(`exit ${run.exitCode}:\n${run.stdout}\n${run.stderr}`);
      expect(run.stdout).toContain(engineLine(tofu ?? ""));
      // The summary's first line names the engine that planned, as Terraform's names Terraform.
      expect(run.stdout).toMatch(new RegExp(`^OpenTofu ${TOFU_VERSION.replace(/\./g, "\\.")}$`, "m"));
      expect(run.stdout).toContain(`verified: ${outDir(name)} validates and plans`);
    },
    600_000,
  );

  testWithTofu(
    "$TERRAFORM naming tofu, without --engine: verify runs it and reports OpenTofu",
    async () => {
      const run = await namedByTerraform!;
      expect({ exitCode: run.exitCode, stderr: run.stderr }).toEqual({ exitCode: 0, stderr: "" });
      expect(run.stdout).toContain(engineLine(tofu ?? ""));
    },
    600_000,
  );

  testWithBoth(
    "--engine tofu with $TOFU naming Terraform: exit 1, the reason as a finding, nothing planned",
    async () => {
      const run = await verifyCli(outDir("default"), ["--engine", "tofu"], { TOFU: terraform ?? "" });
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toMatch(/^gen-infra verify could not run: OpenTofu was asked for, but .* is Terraform \d/m);
      expect(run.stderr).not.toMatch(noStackTrace);
      expect(run.stdout).not.toContain("verified:");
    },
    300_000,
  );

  // Needs no engine at all: the lookup fails before anything runs.
  test("--engine tofu where there is no tofu: exit 1, naming what was looked for and how to set it", async () => {
    const run = await verifyCli(outDir("default"), ["--engine", "tofu"], { TOFU: "/nonexistent/tofu" });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(
      "gen-infra verify could not run: tofu not found (/nonexistent/tofu); set TOFU or put tofu on PATH",
    );
    expect(run.stderr).not.toMatch(noStackTrace);
  });

  test("--engine with an engine gen-infra does not know: a usage error, exit 1", async () => {
    const run = await verifyCli(outDir("default"), ["--engine", "pulumi"], {});
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('Argument: engine, Given: "pulumi", Choices: "terraform", "opentofu", "tofu"');
    expect(run.stderr).not.toMatch(noStackTrace);
  });
});

/** Each run makes its own throw-away key pair and names its own registry host; neither says anything about the plan. */
function comparable(plan: TerraformPlanJson): unknown {
  const text = JSON.stringify({
    planned_values: plan.planned_values,
    resource_changes: (plan.resource_changes ?? []).map((change) => ({
      address: change.address,
      actions: change.change.actions,
      after: change.change.after,
    })),
  });
  return JSON.parse(
    text
      .replace(/registry\.(opentofu\.org|terraform\.io)\/dmacvicar\/libvirt/g, "<registry>/dmacvicar/libvirt")
      .replace(/ssh-ed25519 [A-Za-z0-9+/=]+/g, "ssh-ed25519 <key>"),
  ) as unknown;
}

describe.each(PLANNED.map((name) => [name] as const))("out/%s under OpenTofu", (name) => {
  testWithTofu(
    "init pins registry.opentofu.org/dmacvicar/libvirt 0.8.3 in the lock file; validate and plan pass",
    async () => {
      const result = succeeded(await got(tofuPlans, name));
      expect(result.engine).toBe("opentofu");
      expect(result.terraformVersion).toBe(TOFU_VERSION);
      expect(result.lockFile).toMatch(
        /provider "registry\.opentofu\.org\/dmacvicar\/libvirt" \{\n\s+version\s+= "0\.8\.3"\n\s+constraints = "0\.8\.3"/,
      );
      expect(result.plan.errored).toBe(false);
    },
    600_000,
  );

  testWithBoth(
    "plans exactly the values Terraform plans: every resource, NIC, MAC, volume, network and output",
    async () => {
      const opentofu = succeeded(await got(tofuPlans, name));
      const hashicorp = succeeded(await got(terraformPlans, name));
      expect(hashicorp.engine).toBe("terraform");
      expect(comparable(opentofu.plan)).toEqual(comparable(hashicorp.plan));
    },
    600_000,
  );

  testWithTofu(
    "applies, plans again with no changes, and destroys",
    async () => {
      const flow = succeeded(await got(tofuPlans, name)).applyFlow!;
      expect(flow.apply.exitCode).toBe(0);
      expect(flow.replan.exitCode).toBe(0); // -detailed-exitcode: 0 means no changes
      expect(flow.destroy.exitCode).toBe(0);
    },
    600_000,
  );
});

describe("the rules hold under OpenTofu", () => {
  testWithTofu.each(BROKEN)(
    "-var %s fails the plan with the rule's message",
    async (what, _vars, message) => {
      const result = await got(brokenPlans, what);
      if (result.ok) throw new Error("the plan passed");
      expect(result.engine).toBe("opentofu");
      expect(result.step).toBe("plan");
      expect(flat(result.diagnostics)).toContain(message);
    },
    600_000,
  );

  testWithTofu(
    "bonding on a release before 4.10 plans, with the check block's warning saying no bond is built",
    async () => {
      const result = succeeded(await oldBonding!);
      const plan = result.steps.find((s) => s.step === "plan")!;
      expect(flat(plan.stdout + plan.stderr)).toContain(
        "bonding_nic is true but OpenShift 4.9.5 is older than 4.10: no bond will be built.",
      );
    },
    600_000,
  );
});
