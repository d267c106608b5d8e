// Every accepted fixture, moved onto two hypervisors: each option the fixtures cover (bonding, UEFI, data disks,
// the arbiter, day-2 workers, each provisioning mode and BMC driver, name_prefix, the domain type, a hypervisor's
// size) compiles there, and every VM and volume is bound to the host its node was placed on.
import path from "node:path";
import { loadSpec } from "../../../generator/cli/load";
import { compile } from "../../../generator/compile";
import { formatFinding } from "../../../generator/findings";
import { fixtures, parseHcl } from "../../helpers";
import { hypervisor } from "../../multi-host";

/** The spec's one host as two: the first keeps its connection, both get its size. */
function onTwoHosts(raw: Record<string, unknown>): Record<string, unknown> {
  const { connection, hypervisor: capacity, ...rest } = raw;
  const sized = capacity === undefined ? {} : { capacity };
  return {
    ...rest,
    hypervisors: [
      { ...hypervisor("kvm1", sized), ...(connection === undefined ? {} : { connection }) },
      hypervisor("kvm2", sized),
    ],
  };
}

describe.each(fixtures.map((f) => [f.name, f] as const))("fixture %s on two hypervisors", (_name, fixture) => {
  test("compiles, and each domain and volume is on its node's host", async () => {
    const loaded = await loadSpec(fixture.file);
    if (!loaded.ok) throw new Error("the fixture loads");
    const compiled = compile(onTwoHosts(loaded.raw as Record<string, unknown>), path.basename(fixture.file));
    expect(compiled.findings.filter((f) => f.severity === "error").map(formatFinding)).toEqual([]);
    const hcl = await parseHcl("libvirt.tf", compiled.files!.get("libvirt.tf")!);
    expect(hcl.provider.libvirt.map((p: { alias: string }) => p.alias)).toEqual(["kvm1", "kvm2"]);
    const hostOf = new Map(compiled.cluster!.nodes.map((n) => [n.name, n.hypervisor]));
    for (const [name, blocks] of Object.entries(
      hcl.resource.libvirt_domain as Record<string, { provider: string }[]>,
    )) {
      const host = blocks[0]!.provider.replace(/^\$\{libvirt\.(.+)\}$/, "$1");
      const suffix = /_domains_(.+)$/.exec(name)?.[1];
      // A node block is named after its host; the service VMs are the gateway's.
      expect([name, host]).toEqual([name, suffix ?? "kvm1"]);
    }
    for (const type of ["libvirt_volume", "libvirt_cloudinit_disk", "libvirt_network"])
      for (const blocks of Object.values(hcl.resource[type] ?? {}) as { provider?: string }[][])
        expect(blocks[0]!.provider).toMatch(/^\$\{libvirt\.kvm[12]\}$/);
    // Both hosts run some of the lab's VMs.
    expect([...new Set(hostOf.values())].sort()).toEqual(["kvm1", "kvm2"]);
  });
});
