// Every accepted fixture planned twice: with the stand-in provider, as `gen-infra verify` plans it (offline, no
// libvirt), and with the real dmacvicar/libvirt 0.8.3 provider against the sandbox's libvirtd (plan only). Their
// known planned values must agree, but for the differences listed in plan-differences.ts, each with its reason.
import { runTerraform } from "../../terraform-harness/src";
import { committedOutput, prepareLab, regenerateWithUri, terraform } from "./lab";
import { acceptedFixtures } from "./paths";
import { KNOWN_DIFFERENCES, explain } from "./plan-differences";
import { generalPath, knownPlannedValues, planDifferences, type Difference, type PlanJson } from "./plan-values";
import { prerequisitesGate } from "./prerequisites";
import { labHypervisor, runForSuite } from "./run-context";

const prerequisites = prerequisitesGate();

/** Each side authorises its own throw-away key in cloud-init; which key it is says nothing about the plan. */
const normalise = (text: string): string => text.replace(/ssh-ed25519 [A-Za-z0-9+/=]+( [\w.@-]+)?/g, "<ssh key>");

/** `-var` arguments as the harness takes them. */
function varRecord(args: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < args.length; i += 2) {
    const [name = "", ...value] = String(args[i + 1]).split("=");
    out[name] = value.join("=");
  }
  return out;
}

prerequisites.describe("the stand-in's plan against the real provider's", () => {
  const seen = new Set<string>();
  const getRun = runForSuite();

  for (const fixture of acceptedFixtures) {
    test(`${fixture}: the known planned values agree, but for the listed differences`, async () => {
      const context = getRun();
      // kvm-host's literal URI names a host that does not exist; plan a copy that reaches the sandbox instead.
      const folder =
        fixture === "kvm-host" ? await regenerateWithUri(context, fixture, "qemu:///system") : committedOutput(fixture);
      const lab = await prepareLab(context, `compare-${fixture}`, folder, labHypervisor(context, folder));
      await terraform(context, lab, ["init", "-no-color", "-input=false"]);
      // As committed (host-passthrough, the spec's sizes), and with the labs' overrides (the domain_type and
      // cpu_mode that start here: with none, no cpu block).
      const variants: Array<[string, readonly string[]]> = [
        ["as committed", []],
        ["with the labs' -var overrides", lab.vars],
      ];
      const general = new Set<string>();
      const unexplained: Array<Difference & { variant: string }> = [];
      for (const [index, [variant, vars]] of variants.entries()) {
        const planFile = `compare-${index}.tfplan`;
        const [standin] = await Promise.all([
          runTerraform(folder, { vars: varRecord(vars) }),
          terraform(context, lab, ["plan", "-no-color", "-input=false", `-out=${planFile}`, ...vars]),
        ]);
        if (!standin.ok) throw new Error(`the stand-in's ${standin.step} failed (${variant}):\n${standin.diagnostics}`);
        const real = JSON.parse((await terraform(context, lab, ["show", "-json", planFile])).stdout) as PlanJson;
        const found = planDifferences(
          knownPlannedValues(standin.plan as PlanJson, normalise),
          knownPlannedValues(real, normalise),
        );
        for (const difference of found) {
          general.add(generalPath(difference.path));
          const known = explain(difference);
          if (known) seen.add(known.path);
          else unexplained.push({ variant, ...difference });
        }
      }
      process.stdout.write(`plan comparison ${fixture}: ${[...general].join(", ") || "no differences"}\n`);
      expect(unexplained).toEqual([]);
    }, 600_000);
  }

  test("every listed difference still occurs", () => {
    expect(KNOWN_DIFFERENCES.map((d) => d.path).filter((p) => !seen.has(p))).toEqual([]);
  });
});
