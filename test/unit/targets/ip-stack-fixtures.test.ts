// Every accepted fixture in each stack with IPv6: each option the fixtures cover (bonding, UEFI, data disks, the
// arbiter, day-2 workers, each provisioning mode and BMC driver, name_prefix, a hypervisor's size, 128 workers)
// compiles there (IPv6 first from 4.13 and not on the agent-based installer's platform none, refused otherwise by a named rule), each node has an address in exactly the stack's families, and install-config.yaml lists the
// families in the stack's order, the provisioning network in the primary one.
import path from "node:path";
import { parse } from "yaml";
import { loadSpec } from "../../../generator/cli/load";
import { compile } from "../../../generator/compile";
import { formatFinding } from "../../../generator/findings";
import { specDefaults } from "../../../generator/input/spec";
import type { Inventory } from "../../../generator/artefacts/inventory";
import { parseIp } from "../../../generator/model/ip";
import { fixtures } from "../../helpers";

const stacks = [
  ["v6", [6]],
  ["v4v6", [4, 6]],
  ["v6v4", [6, 4]],
] as const;

const familyOf = (address: string) => parseIp(address.replace(/^\[|\]$/g, ""))?.family;

describe.each(fixtures.map((f) => [f.name, f] as const))("fixture %s", (_name, fixture) => {
  test.each(stacks)("in ip_stack %s", async (stack, families) => {
    const loaded = await loadSpec(fixture.file);
    if (!loaded.ok) throw new Error("the fixture loads");
    const compiled = compile({ ...(loaded.raw as object), ip_stack: stack }, path.basename(fixture.file), {
      files: loaded.files,
    });
    const errors = compiled.findings.filter((f) => f.severity === "error");
    // IPv6 first takes an installer from 4.13: older releases refuse it by the feature-version rule, naming it.
    const version = (loaded.raw as { ocp_version?: string }).ocp_version ?? String(specDefaults().ocp_version);
    const minor = Number(version.split(".")[1]);
    // The agent-based installer's platform none takes no IPv6 first, as the installer's networking rules have it.
    const platformNone = (loaded.raw as { agent?: { platform?: string } }).agent?.platform === "none";
    if (stack === "v6v4" && platformNone) {
      expect(errors.map((f) => [f.path.join("."), f.message.split(",")[0]])).toEqual([["ip_stack", "puts IPv6 first"]]);
      return;
    }
    if (stack === "v6v4" && compiled.files === undefined) {
      expect(errors.map((f) => [f.path.join("."), f.message.split(",")[0]])).toEqual([
        ["ip_stack", "an IPv6-primary dual stack needs an installer that takes IPv6 first in each network list"],
      ]);
      expect(minor).toBeLessThan(13);
      return;
    }
    expect(errors.map(formatFinding)).toEqual([]);
    const files = compiled.files!;
    const inventory = JSON.parse(files.get("inventory.json")!) as Inventory;
    for (const node of inventory.nodes.filter((n) => ["master", "arbiter", "worker"].includes(n.role))) {
      const chucky = node.nics.find((nic) => nic.purpose === "chucky")!;
      const has = [chucky.address, chucky.address_v6].filter((a) => a != null).map((a) => familyOf(a!));
      expect({ node: node.name, families: has }).toEqual({ node: node.name, families: [...families].sort() });
    }
    const config = parse(files.get("install-config.yaml")!);
    expect(config.networking.machineNetwork.map((n: { cidr: string }) => familyOf(n.cidr.split("/")[0]!))).toEqual(
      families,
    );
    // The agent-based installer's platform none has no VIPs.
    if (config.platform.baremetal !== undefined) {
      const vips: string[] = config.platform.baremetal.apiVIPs ?? [config.platform.baremetal.apiVIP];
      expect(familyOf(vips[0]!)).toBe(families[0]);
      const provisioning: string | undefined = config.platform.baremetal.provisioningNetworkCIDR;
      if (provisioning !== undefined) expect(familyOf(provisioning.split("/")[0]!)).toBe(families[0]);
    }
    // A bond takes DHCP in each family the stack has, and never SLAAC: on an IPI host of install-config.yaml, or on
    // a host of the agent-based installer's agent-config.yaml.
    const agentConfig = files.get("agent-config.yaml");
    const hosts = agentConfig === undefined ? (config.platform.baremetal.hosts ?? []) : parse(agentConfig).hosts;
    for (const host of hosts as { networkConfig?: { interfaces: { type: string }[] } }[]) {
      if (!host.networkConfig) continue;
      const bond = host.networkConfig.interfaces.find((i) => i.type === "bond") as unknown as {
        ipv4: { enabled: boolean };
        ipv6: { enabled: boolean };
      };
      expect({ ipv4: bond.ipv4.enabled, ipv6: bond.ipv6 }).toEqual({
        ipv4: (families as readonly number[]).includes(4),
        ipv6: { dhcp: true, autoconf: false, enabled: true },
      });
    }
  });
});
