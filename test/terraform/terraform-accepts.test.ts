// What gen-infra accepts plans under real Terraform, at the edges that once broke: a hypervisor size that is not a
// round number, many existing networks, variables-file strings with escapes, a redfish cluster whose chucky network
// is the unused provisioning default. And the rules added for reserved networks, the all-zero MAC and long DNS
// names fail the plan when a -var override brings the mistake back.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { loadSpec } from "../../generator/cli/load";
import { compile, ownOutputNames } from "../../generator/compile";
import { writeOutput } from "../../generator/output/write";
import {
  runTerraform,
  runTerraformVariants,
  terraformAvailable,
  type HarnessResult,
} from "../../terraform-harness/src";
import { compileFile, eachVariant, fixtures, flat, inScratch } from "../helpers";
import { whenFound } from "../skip";
import { clusterTotals } from "../../generator/model/totals";

const haveTerraform = await terraformAvailable();
const { describe: describeWithTerraform } = whenFound("terraform", haveTerraform);

/** Generates `spec` (given as its file's text) into a scratch folder and plans it, with optional -var overrides. */
function planSpec(fileName: string, text: string, vars: Record<string, string> = {}): Promise<HarnessResult> {
  return inScratch("accepts", async (dir) => {
    const specFile = path.join(dir, fileName);
    writeFileSync(specFile, text);
    const loaded = await loadSpec(specFile);
    if (!loaded.ok) throw new Error(`rejected: ${JSON.stringify(loaded.findings)}`);
    const { files, findings } = compile(loaded.raw, fileName);
    if (!files) throw new Error(`rejected: ${JSON.stringify(findings)}`);
    const out = path.join(dir, "out");
    const written = writeOutput(out, files, { force: false, ownNames: ownOutputNames() });
    if (!written.ok) throw new Error(`not written: ${JSON.stringify(written)}`);
    return runTerraform(out, { vars });
  });
}

const planned = (result: HarnessResult) => {
  if (!result.ok) throw new Error(`terraform ${result.step} failed:\n${result.diagnostics}`);
  return result;
};

describeWithTerraform("accepted specs plan", () => {
  test("memory_gib 144.047 with 16400 MiB masters: the limit is not rounded below what the compiler allowed", async () => {
    // 3 × 16400 + 3 × 16384 + 2 × 24576 = 147504 MiB = floor(144.047 × 1024): it fits exactly, and a limit
    // rounded to 144 GiB (147456 MiB) would have failed the plan of a spec the compiler accepted.
    const spec = {
      master_resources: { memory: 16400, vcpu: 4 },
      worker_resources: { memory: 16384, vcpu: 4 },
      hypervisor: { memory_gib: 144.047, vcpus: 64, disk_gib: 2000 },
    };
    const need = 3 * 16400 + 3 * 16384 + 2 * 24576;
    expect(need).toBe(Math.floor(144.047 * 1024));
    planned(await planSpec("edge.json", JSON.stringify(spec)));
  });

  test("256 existing networks plan, and the overlap is still found among them", async () => {
    const existing = Array.from({ length: 256 }, (_, i) => `10.${i}.0.0/16`);
    planned(await planSpec("many.json", JSON.stringify({ existing_networks: existing })));
    const clash = await planSpec("clash.json", JSON.stringify({ existing_networks: existing }), {
      chucky_net_addr: "10.255.1.0/24",
    });
    expect(clash.ok).toBe(false);
    expect(flat(clash.ok ? "" : clash.diagnostics)).toContain(
      "Networks must not overlap: chucky 10.255.1.0/24 and existing network 10.255.0.0/16.",
    );
  });

  test("a variables file's $${ and %%{ mean literal ${ and %{, in the HCL as in Terraform's own reading", async () => {
    const text = 'rhel8_image_location = "images/$${odd}%%{name}.qcow2"\n';
    const loaded = await inScratch("vars", async (dir) => {
      writeFileSync(path.join(dir, "lab.vars"), text);
      return loadSpec(path.join(dir, "lab.vars"));
    });
    // A variables file names no file for gen-infra to read.
    expect(loaded).toEqual({ ok: true, raw: { rhel8_image_location: "images/${odd}%{name}.qcow2" }, files: {} });
    const result = planned(await planSpec("lab.vars", text));
    const variable = result.plan.variables?.["rhel8_image_location"] as { value?: unknown } | undefined;
    expect(variable?.value).toBe("images/${odd}%{name}.qcow2");
  });

  test("redfish with chucky on 192.168.14.0/24, the unused provisioning default, is accepted and plans", async () => {
    planned(
      await planSpec("redfish.json", JSON.stringify({ architecture: "redfish", chucky_net_addr: "192.168.14.0/24" })),
    );
  });
});

const defaultOut = fixtures.find((f) => f.name === "default")!.outDir;

/** [what, -var overrides of out/default, the message the plan must fail with] */
const overrides: [string, Record<string, string>, string][] = [
  [
    "a loopback chucky network",
    { chucky_net_addr: "127.0.0.0/24" },
    "chucky_net_addr must not overlap a reserved range (0.0.0.0/8 'this network', 127.0.0.0/8 loopback",
  ],
  ["0.0.0.0/0", { provision_net_addr: "0.0.0.0/0" }, "provision_net_addr must not overlap a reserved range"],
  ["a multicast network", { chucky_net_addr: "224.0.0.0/24" }, "chucky_net_addr must not overlap a reserved range"],
  [
    "an all-zero worker MAC",
    { worker_chucky_mac_base: "00:00:00:00:00:" },
    "No NIC may have the all-zero MAC 00:00:00:00:00:00",
  ],
  [
    "a DNS name over 253 characters",
    { dns_zone: Array(4).fill("a".repeat(60)).join(".") },
    "must be at most 253 characters long: shorten dns_zone or cluster_name.",
  ],
  [
    "a dns_zone over 253 characters",
    { dns_zone: Array(5).fill("a".repeat(60)).join(".") },
    "dns_zone must be a DNS domain",
  ],
];
// Planned as the file loads, through one init and one validate (runTerraformVariants); the tests read the results.
const overrideRuns: Promise<HarnessResult>[] = haveTerraform
  ? eachVariant(
      runTerraformVariants(
        defaultOut,
        overrides.map(([, vars]) => vars),
      ),
      overrides.length,
    )
  : [];
afterAll(() => Promise.allSettled(overrideRuns));

describeWithTerraform("the new rules fail the plan when a -var override brings the mistake back", () => {
  test("more workers than the redfish fixture's /25 holds", async () => {
    const result = await runTerraform(fixtures.find((f) => f.name === "redfish")!.outDir, {
      vars: { number_of_workers: "70" },
    });
    expect(result.ok ? "" : result.step).toBe("plan");
    expect(flat(result.ok ? "" : result.diagnostics)).toContain(
      "chucky_net_addr 10.20.0.128/25 cannot hold 70 workers: the ingress VIP would be host 130. Use a larger network or fewer workers.",
    );
  });

  test.each(overrides.map(([what, vars, message], i) => [what, vars, message, i] as const))(
    "%s",
    async (_what, _vars, message, i) => {
      const result = await overrideRuns[i]!;
      expect(result.ok).toBe(false);
      expect(result.ok ? "" : result.step).toBe("plan");
      expect(flat(result.ok ? "" : result.diagnostics)).toContain(message);
    },
  );
});

// The capacity rule's HCL totals count every VM and disk the compiler counts: a hypervisor of exactly the compiler's
// totals plans, and one more VM or GiB fails with the totals Terraform computed.
describeWithTerraform("the node options in the capacity totals", () => {
  test.each([
    ["disks", { worker_disks: '{"os_gib":201,"extra_gib":[100,50]}' }, { diskGiB: 2 }],
    ["arbiter", { arbiter_resources: '{"memory":9216,"vcpu":3}' }, { memoryGiB: 1, vcpus: 1 }],
    ["extra-workers", { extra_workers: "3" }, { memoryGiB: 16, vcpus: 4, diskGiB: 120 }],
  ] as const)("%s: exactly full plans, and %j more fails with Terraform's totals", async (name, vars, more) => {
    const fixture = fixtures.find((f) => f.name === name)!;
    const { cluster } = await compileFile(fixture.file);
    const totals = clusterTotals(cluster!);
    const hypervisor = { memory_gib: totals.memoryGiB, vcpus: totals.vcpus, disk_gib: totals.diskGiB };
    const spec = { ...JSON.parse(readFileSync(fixture.file, "utf8")), $schema: undefined, hypervisor };
    planned(await planSpec(`${name}.json`, JSON.stringify(spec)));
    const over = await planSpec(`${name}.json`, JSON.stringify(spec), vars);
    const diagnostics = flat(over.ok ? "" : over.diagnostics);
    const short = [
      ["memoryGiB", "GiB of memory", totals.memoryGiB],
      ["vcpus", "vCPUs", totals.vcpus],
      ["diskGiB", "GiB of virtual disk", totals.diskGiB],
    ] as const;
    for (const [key, unit, total] of short) {
      const extra = (more as Partial<Record<(typeof short)[number][0], number>>)[key];
      const message = `The VMs need ${total + (extra ?? 0)} ${unit} but the hypervisor offers ${total}: ${extra} short.`;
      if (extra === undefined) expect(diagnostics).not.toContain(`${unit} but the hypervisor offers`);
      else expect(diagnostics).toContain(message);
    }
  });
});

test("the example report's regenerate command quotes a spec name the shell would split", async () => {
  const report = await inScratch("quote", async (dir) => {
    const specFile = path.join(dir, "my lab's spec.json");
    writeFileSync(specFile, "{}");
    const loaded = await loadSpec(specFile);
    const { files } = compile(loaded.ok ? loaded.raw : {}, path.basename(specFile));
    return files!.get("README.md")!;
  });
  expect(report).toContain("regenerate with `npx gen-infra 'my lab'\\''s spec.json' -o <this directory>`");
});
