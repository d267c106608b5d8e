// OpenTofu with the real dmacvicar/libvirt 0.8.3 provider against a real libvirtd, in the sandbox's namespaces:
// the default lab and the UEFI lab applied, checked, planned again (nothing to do) and destroyed by `tofu`; and a
// lab moved between engines the way a user moves one: applied by Terraform, planned and applied by OpenTofu on the
// same state, then handed back to Terraform, which plans nothing and destroys it. Needs what apply.test.ts needs,
// and OpenTofu (GEN_INFRA_TOFU, $TOFU or tofu on PATH); without it every test here is skipped, saying
// `SKIPPED: tofu not found`, and where GEN_INFRA_TOFU is set (CI) a missing tofu fails the run.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { OPENTOFU_PROVIDER_SOURCE, PROVIDER_SOURCE } from "../../terraform-harness/src";
import { flat } from "../helpers";
import { findTofu, TOFU_VERSION } from "../opentofu";
import { whenFound } from "../skip";
import { expectNoChanges, planChanges } from "./drift";
import { committedOutput, prepareLab, removeLabFiles, terraform, type Lab, type LabContext } from "./lab";
import type { LabSource } from "./lab-session";
import { describeLab } from "./lab-suite";
import { added, fingerprint, snapshot, type Snapshot } from "./libvirt-state";
import { prerequisitesGate } from "./prerequisites";
import { labHypervisor, startRun, stopRun, type RunContext } from "./run-context";

const prerequisites = prerequisitesGate();
// Looked for only where the tier runs at all; findTofu throws where GEN_INFRA_TOFU names a binary that is not there.
const tofu = prerequisites.found ? await findTofu() : null;
const withTofu = prerequisites.found ? whenFound("tofu", tofu !== null) : prerequisites;

/** A committed output, applied by OpenTofu under a lab name of its own. */
const byTofu = (fixture: string): LabSource => ({
  name: `tofu-${fixture}`,
  title: `out/${fixture} by OpenTofu`,
  fixture,
  folder: async () => committedOutput(fixture),
});

const INIT = ["init", "-no-color", "-input=false"] as const;

/** The provider address of every managed resource in the lab's state file, deduplicated. */
async function stateProviders(lab: Lab): Promise<string[]> {
  // The seed's layout: the lab's state is its own terraform.tfstate (../terraform.tfstate is the parent's).
  const state = JSON.parse(await readFile(path.join(lab.dir, "terraform.tfstate"), "utf8")) as {
    resources?: Array<{ mode: string; provider: string }>;
  };
  const providers = (state.resources ?? []).filter((r) => r.mode === "managed").map((r) => r.provider);
  return [...new Set(providers)].sort();
}

/**
 * The run's Terraform, but with a CLI config whose mirror offers only Terraform's address of the provider, as a
 * user's Terraform with no access to OpenTofu's registry sees it. (The run's own mirror offers both addresses,
 * which would hide what the move needs: Terraform asks for every provider address the state names.)
 */
async function terraformOnlyItsAddress(run: RunContext): Promise<RunContext> {
  const config = run.terraformEnv["TF_CLI_CONFIG_FILE"] ?? "";
  const text = await readFile(config, "utf8");
  const own = text.replace(/^(\s*include\s*=\s*)\[.*\]$/m, `$1[${JSON.stringify(PROVIDER_SOURCE)}]`);
  if (own === text) throw new Error(`${config} has no include line to narrow`);
  const file = path.join(run.scratch, "terraformrc-terraform-only");
  await writeFile(file, own);
  return { ...run, terraformEnv: { ...run.terraformEnv, TF_CLI_CONFIG_FILE: file } };
}

/** The provider entries of the lab's dependency lock file, which both engines read and write. */
async function lockedProviders(lab: Lab): Promise<string[]> {
  const text = await readFile(path.join(lab.dir, ".terraform.lock.hcl"), "utf8");
  return [...text.matchAll(/^provider "([^"]+)"/gm)].map((m) => m[1] ?? "").sort();
}

withTofu.describe("OpenTofu with the real provider on real libvirt", () => {
  let run: RunContext | undefined;
  let tofuRun: RunContext | undefined;
  const getRun = (): RunContext => {
    if (!run) throw new Error("the real-libvirt run did not start");
    return run;
  };
  const getTofuRun = (): RunContext => {
    if (!tofuRun) throw new Error("the real-libvirt run did not start");
    return tofuRun;
  };
  let versionLine = "";

  beforeAll(async () => {
    run = await startRun();
    // The same sandbox, mirror, keys and hypervisor; only the engine differs.
    tofuRun = { ...run, terraformBinary: tofu ?? "tofu" };
    const version = await run.sandbox.run(tofu ?? "tofu", ["version"], { env: run.terraformEnv });
    versionLine = version.stdout.split("\n", 1)[0] ?? "";
    process.stdout.write(`${run.providerLine}\nreal-libvirt OpenTofu: ${versionLine} (${tofu})\n`);
  }, 600_000);

  afterAll(() => stopRun(run), 60_000);

  test(`the tofu the labs run is OpenTofu ${TOFU_VERSION}`, () => {
    expect(versionLine).toBe(`OpenTofu v${TOFU_VERSION}`);
  });

  // Each applied, checked against libvirt, planned again (nothing to do) and destroyed, all by tofu.
  describeLab(byTofu("default"), getTofuRun, { day2: false });
  describeLab(byTofu("uefi"), getTofuRun, { day2: false });

  describe("out/default moved between engines: Terraform applies, OpenTofu takes over, Terraform takes it back", () => {
    let lab: Lab | undefined;
    let before: Snapshot = { domains: [], networks: [], volumes: [] };
    let own: Snapshot = { domains: [], networks: [], volumes: [] };
    /** Whether libvirt may hold the lab's objects: from the first apply until a destroy succeeded. */
    let applied = false;
    const getLab = (): Lab => {
      if (!lab) throw new Error("the lab was not applied: see the error of beforeAll");
      return lab;
    };
    const apply = (context: LabContext) =>
      terraform(context, getLab(), ["apply", "-auto-approve", "-no-color", "-input=false", ...getLab().vars]);

    beforeAll(async () => {
      const context = getRun();
      const folder = committedOutput("default");
      lab = await prepareLab(context, "engine-move", folder, labHypervisor(context, folder));
      // The move concerns the state and the provider's address, not the workers: the compact cluster has every
      // resource type (networks, volumes, cloud-init disks, domains, the parent's remote state) with 5 VMs, not 8.
      lab.vars.push("-var", "number_of_workers=0");
      before = await snapshot(context.sandbox);
      await terraform(context, lab, INIT);
      applied = true;
      await apply(context);
      own = added(before, await snapshot(context.sandbox));
    }, 1_200_000);

    afterAll(async () => {
      // OpenTofu reads the state whichever engine wrote it last, so it can destroy what a failed step left.
      if (lab && applied) {
        const context = getTofuRun();
        await terraform(context, lab, INIT)
          .then(() =>
            terraform(context, getLab(), ["destroy", "-auto-approve", "-no-color", "-input=false", ...getLab().vars]),
          )
          .catch((error: unknown) => process.stdout.write(`destroy of the engine-move lab failed: ${String(error)}\n`));
      }
      if (lab) await removeLabFiles(getRun(), lab);
    }, 1_200_000);

    test("Terraform's state names the provider registry.terraform.io/dmacvicar/libvirt", async () => {
      expect(own.domains).toHaveLength(5);
      expect(await stateProviders(getLab())).toEqual([`provider["${PROVIDER_SOURCE}"]`]);
    });

    test("tofu init and plan on Terraform's state: nothing to change", async () => {
      await terraform(getTofuRun(), getLab(), INIT);
      // OpenTofu reads the short source dmacvicar/libvirt as its own registry's address, and locks only that.
      expect(await lockedProviders(getLab())).toEqual([OPENTOFU_PROVIDER_SOURCE]);
      expectNoChanges("tofu plan on Terraform's state", await planChanges(getTofuRun(), getLab(), "move-tofu.tfplan"));
    }, 600_000);

    test("tofu apply with nothing to change rewrites the state with OpenTofu's address, and touches no libvirt object", async () => {
      const sandbox = getRun().sandbox;
      const objects = await fingerprint(sandbox, own);
      await apply(getTofuRun());
      expect(await stateProviders(getLab())).toEqual([`provider["${OPENTOFU_PROVIDER_SOURCE}"]`]);
      expect(await fingerprint(sandbox, own)).toEqual(objects);
      expectNoChanges("tofu plan after tofu apply", await planChanges(getTofuRun(), getLab(), "move-tofu-2.tfplan"));
    }, 600_000);

    test("back to Terraform without the migration step: its init asks for registry.opentofu.org/dmacvicar/libvirt too", async () => {
      const back = await terraformOnlyItsAddress(getRun());
      const init = await terraform(back, getLab(), INIT, [1]);
      expect(init.exitCode).toBe(1);
      // The state names OpenTofu's address, and the lock file tofu init wrote pins it at 0.8.3: Terraform wants
      // that provider as well. With access to OpenTofu's registry it would install it there beside its own
      // (without the lock file, at that address's newest release, the incompatible 0.9 rewrite); without, it
      // fails. The migration step in docs/output.md avoids both.
      expect(init.stdout).toContain(
        `Reusing previous version of ${OPENTOFU_PROVIDER_SOURCE} from the dependency lock file`,
      );
      expect(flat(init.stdout + init.stderr)).toContain(
        `provider ${OPENTOFU_PROVIDER_SOURCE} was not found in any of the search locations`,
      );
    }, 600_000);

    test("the migration step, terraform state replace-provider, gives the state back Terraform's address; init and plan: nothing to change", async () => {
      const back = await terraformOnlyItsAddress(getRun());
      await terraform(back, getLab(), [
        "state",
        "replace-provider",
        "-auto-approve",
        "-no-color",
        OPENTOFU_PROVIDER_SOURCE,
        PROVIDER_SOURCE,
      ]);
      expect(await stateProviders(getLab())).toEqual([`provider["${PROVIDER_SOURCE}"]`]);
      await terraform(back, getLab(), INIT);
      // Terraform's init drops the entry tofu init wrote: the lock file is Terraform's alone again.
      expect(await lockedProviders(getLab())).toEqual([PROVIDER_SOURCE]);
      expectNoChanges("terraform plan after the migration step", await planChanges(back, getLab(), "move-back.tfplan"));
    }, 600_000);

    test("Terraform destroys it: libvirt holds what it held before the first apply", async () => {
      const back = await terraformOnlyItsAddress(getRun());
      await terraform(back, getLab(), ["destroy", "-auto-approve", "-no-color", "-input=false", ...getLab().vars]);
      applied = false;
      expect(await snapshot(getRun().sandbox)).toEqual(before);
    }, 600_000);
  });
});
