// Property-based: random specs, valid and not. gen-infra never throws; what it accepts is well-formed HCL with
// unique MACs and in-network addresses; what it rejects comes with findings at key paths. Runs 500 cases by
// default; GEN_INFRA_PROPERTY_RUNS=20000 for a long run.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { compile, type Compiled } from "../generator/compile";
import { isUsableHost, parseCidr } from "../generator/ipv4";
import { parseHcl, skipped } from "./helpers";
import { runTerraform, terraformAvailable } from "../generator/verify/harness";
import { writeOutput } from "../generator/write";

const runs = Number(process.env.GEN_INFRA_PROPERTY_RUNS ?? 500);
const hex = (digits: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${digits}}$`));
const octet = fc.integer({ min: 0, max: 255 });
const unicastFirst = fc.integer({ min: 0, max: 127 }).map((n) => (n * 2).toString(16).padStart(2, "0"));
const cidr = fc
  .tuple(octet, octet, octet, fc.integer({ min: 16, max: 26 }), fc.boolean())
  .map(
    ([a, b, c, prefix, hostBits]) => `${a}.${b}.${prefix >= 24 ? c : 0}.${hostBits && prefix > 24 ? 7 : 0}/${prefix}`,
  );
const macBase = (lastDigits: number) =>
  fc
    .tuple(unicastFirst, fc.array(hex(2), { minLength: 4, maxLength: 4 }), hex(lastDigits))
    .map(([first, middle, last]) => `${[first, ...middle].join(":")}:${last}`);
const resources = fc.record(
  {
    memory: fc.oneof(fc.integer({ min: 512, max: 65536 }), fc.integer({ min: 1024, max: 65536 }).map(String)),
    vcpu: fc.integer({ min: 0, max: 64 }),
  },
  { requiredKeys: [] },
);
const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,8}[a-z0-9])?$/);

/** Values drawn mostly from what the schema allows, sometimes from anything at all. */
const plausible = <T>(valid: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: valid, weight: 40 }, { arbitrary: fc.anything(), weight: 1 });

const spec = fc.record(
  {
    architecture: plausible(fc.constantFrom("vbmc", "redfish", "ipmi")),
    bonding_nic: plausible(fc.boolean()),
    chucky_net_addr: plausible(cidr),
    provision_net_addr: plausible(cidr),
    cluster_name: plausible(label),
    dns_zone: plausible(fc.tuple(label, label).map(([a, b]) => `${a}.${b}`)),
    master_chucky_mac_base: plausible(macBase(1)),
    master_provision_mac_base: plausible(macBase(1)),
    worker_chucky_mac_base: plausible(macBase(0)),
    worker_provision_mac_base: plausible(macBase(0)),
    provision_mac: plausible(macBase(2)),
    number_of_workers: plausible(fc.integer({ min: 0, max: 140 })),
    ocp_version: plausible(fc.tuple(fc.nat(20), fc.nat(30)).map(([minor, patch]) => `4.${minor}.${patch}`)),
    master_resources: plausible(resources),
    worker_resources: plausible(resources),
    name_prefix: plausible(fc.constantFrom("", "a-", "lab1-", "much-too-long-")),
    vnc_listen_address: plausible(fc.constantFrom("127.0.0.1", "0.0.0.0")),
    existing_networks: plausible(fc.array(cidr, { maxLength: 2 })),
  },
  { requiredKeys: [] },
);

function assertWellFormed(result: Compiled): void {
  const cluster = result.cluster!;
  const macs = cluster.nodes.flatMap((n) => n.nics.map((nic) => nic.mac)).filter((m): m is string => m !== undefined);
  expect(new Set(macs).size).toBe(macs.length);
  for (const mac of macs) expect(mac).toMatch(/^[0-9a-f][02468ace](:[0-9a-f]{2}){5}$/);
  const inside = (address: string, cidrText: string) => isUsableHost(parseCidr(cidrText)!, address);
  const a = cluster.addresses;
  for (const address of [a.chuckyGateway, a.supportHost, a.provisionHost, a.apiVip, a.ingressVip])
    expect(inside(address, cluster.spec.chucky_net_addr)).toBe(true);
  for (const address of [a.provisionIronic, a.provisioningDhcpStart, a.provisioningDhcpEnd])
    expect(inside(address, cluster.spec.provision_net_addr)).toBe(true);
}

test(`${runs} random specs: never a throw; accepted ones are well-formed, rejected ones say where`, async () => {
  let accepted = 0;
  await fc.assert(
    fc.asyncProperty(spec, async (raw) => {
      const result = compile(raw, "random.json");
      if (result.files) {
        accepted++;
        assertWellFormed(result);
        for (const name of ["libvirt.tf", "input-vars.tf", "outputs.tf"] as const)
          await parseHcl(name, result.files.get(name)!);
      } else {
        const errors = result.findings.filter((f) => f.severity === "error");
        expect(errors.length).toBeGreaterThan(0);
        for (const error of errors) expect(error.path.length).toBeGreaterThan(0);
      }
    }),
    { numRuns: runs, seed: Number(process.env.GEN_INFRA_PROPERTY_SEED ?? 20261125) },
  );
  // The generators must reach both outcomes, or the property says little.
  expect(accepted).toBeGreaterThan(runs / 20);
  expect(accepted).toBeLessThan(runs);
});

test("a random sample of accepted specs validates and plans under real Terraform", async () => {
  if (!(await terraformAvailable())) return skipped("terraform", "random sample plan");
  const samples = fc
    .sample(spec, { numRuns: 200, seed: 7 })
    .map((raw) => compile(raw, "random.json"))
    .filter((r) => r.files)
    .slice(0, 3);
  expect(samples).toHaveLength(3);
  await Promise.all(
    samples.map(async ({ files }) => {
      const dir = mkdtempSync(path.join(tmpdir(), "gen-infra-random-"));
      writeOutput(dir, files!, false);
      const result = await runTerraform(dir);
      if (!result.ok) throw new Error(`${result.step}: ${result.diagnostics}`);
    }),
  );
});
