// Property-based: random specs, valid and not, with hypervisor sizes, connections, BMC ports, paths and hostile
// strings. gen-infra never throws; what it accepts is well-formed HCL with unique MACs and in-network addresses;
// what it rejects comes with findings at key paths. Runs 500 cases by default; GEN_INFRA_PROPERTY_RUNS=20000 for a
// long run, GEN_INFRA_PROPERTY_SEED to replay one.
import fc from "fast-check";
import { compile, type Compiled } from "../../generator/compile";
import { isUsableHost, parseCidr } from "../../generator/model/ip";
import { parseHcl } from "../helpers";
import { input } from "../spec-arbitraries";

const runs = Number(process.env.GEN_INFRA_PROPERTY_RUNS ?? 500);

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

const hclFiles = ["versions.tf", "input-vars.tf", "libvirt.tf", "outputs.tf"] as const;

/** What an accepted spec used, counted so the test can show the generators reach each part of the schema. */
interface Reached {
  accepted: number;
  hypervisor: number;
  uri: number;
  remoteState: number;
  bmc: number;
  firmware: number;
  disks: number;
  arbiter: number;
  fencing: number;
  extraWorkers: number;
}

test(`${runs} random specs: never a throw; accepted ones are well-formed, rejected ones say where`, async () => {
  const reached: Reached = {
    accepted: 0,
    hypervisor: 0,
    uri: 0,
    remoteState: 0,
    bmc: 0,
    firmware: 0,
    disks: 0,
    arbiter: 0,
    fencing: 0,
    extraWorkers: 0,
  };
  await fc.assert(
    fc.asyncProperty(input, async ({ raw, source }) => {
      const result = compile(raw, source);
      if (result.files) {
        reached.accepted++;
        assertWellFormed(result);
        for (const name of hclFiles) await parseHcl(name, result.files.get(name)!);
        JSON.parse(result.files.get("inventory.json")!);
        const spec = result.cluster!.spec;
        if (spec.hypervisor) reached.hypervisor++;
        if ("connection" in raw) reached[spec.connection.mode === "uri" ? "uri" : "remoteState"]++;
        if ("bmc" in raw) reached.bmc++;
        if (spec.firmware === "uefi") reached.firmware++;
        if (spec.disks) reached.disks++;
        if (spec.arbiter) reached.arbiter++;
        if (spec.control_plane) reached.fencing++;
        if (spec.extra_workers) reached.extraWorkers++;
      } else {
        const errors = result.findings.filter((f) => f.severity === "error");
        expect(errors.length).toBeGreaterThan(0);
        for (const error of errors) expect(error.path.length).toBeGreaterThan(0);
      }
    }),
    { numRuns: runs, seed: Number(process.env.GEN_INFRA_PROPERTY_SEED ?? 20261125) },
  );
  // The generators must reach both outcomes, and accepted specs of every shape, or the property says little.
  expect(reached.accepted).toBeGreaterThan(runs / 20);
  expect(reached.accepted).toBeLessThan(runs);
  for (const part of [
    "hypervisor",
    "uri",
    "remoteState",
    "bmc",
    "firmware",
    "disks",
    "arbiter",
    "fencing",
    "extraWorkers",
  ] as const)
    expect({ part, reached: reached[part] > 0 }).toEqual({ part, reached: true });
});
