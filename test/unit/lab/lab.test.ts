// The lab description of every fixture says what the model and inventory.json say: one hypervisor with the spec's
// connection, the networks with a prefix per family, every node with its disks, NICs, addresses and BMC.
import { compileFile, fixtures } from "../../helpers";
import { buildInventory } from "../../../generator/artefacts/inventory";
import { parseIp } from "../../../generator/model/ip";

describe.each(fixtures.map((f) => [f.name, f] as const))("fixture %s", (_name, fixture) => {
  test("the lab is the model's, in neutral terms", async () => {
    const { lab, cluster } = await compileFile(fixture.file);
    if (!lab || !cluster) throw new Error("the fixture compiles");
    expect(lab.hypervisors).toEqual([
      {
        name: "hypervisor0",
        connection: cluster.spec.connection,
        pool: "default",
        underlayAddress: undefined,
        retired: false,
      },
    ]);
    expect(lab.networks).toEqual(
      cluster.networks.map((n) => ({
        name: n.name,
        prefixes: n.families.map((f) =>
          f === 6 ? { family: "ipv6", cidr: n.v6!.cidr } : { family: "ipv4", cidr: n.cidr },
        ),
        reach: n.mode === "nat" ? "nat" : "isolated",
      })),
    );
    const inventory = buildInventory(cluster);
    expect(lab.nodes.map((n) => n.name)).toEqual(inventory.nodes.map((n) => n.name));
    for (const [i, node] of lab.nodes.entries()) {
      const listed = inventory.nodes[i]!;
      expect(node.hypervisor).toBe("hypervisor0");
      expect(node.disks.map((d) => d.bytes / 1024 ** 3)).toEqual([
        listed.disk_gib,
        ...(listed.data_disks ?? []).map((d) => d.gib),
      ]);
      // Each NIC's address in each family, as inventory.json has them.
      const family = (nic: (typeof node.nics)[number], name: string) =>
        nic.addresses.find((a) => a.family === name)?.address ?? null;
      expect(node.nics.map((nic) => [nic.network, nic.mac ?? null, family(nic, "ipv4"), family(nic, "ipv6")])).toEqual(
        listed.nics.map((nic) => [nic.network, nic.mac, nic.address, nic.address_v6 ?? null]),
      );
      // Each address is labelled with its own family.
      for (const address of node.nics.flatMap((nic) => nic.addresses))
        expect(parseIp(address.address)?.family).toBe(address.family === "ipv6" ? 6 : 4);
      // inventory.json has no bmc key on the agent-based installer's nodes, and null on the service VMs.
      expect(node.bmc ?? null).toEqual(listed.bmc ?? null);
    }
  });
});
