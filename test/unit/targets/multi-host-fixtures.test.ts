// Every accepted fixture, moved onto two hypervisors: each option the fixtures cover (bonding, UEFI, data disks,
// the arbiter, day-2 workers, each provisioning mode and BMC driver, name_prefix, the domain type, a hypervisor's
// size, the agent-based installer) compiles there, and every VM and volume is bound to the host its node was placed
// on.
import path from "node:path";
import { loadSpec } from "../../../generator/cli/load";
import { compile } from "../../../generator/compile";
import { formatFinding } from "../../../generator/findings";
import { isClusterRole } from "../../../generator/model/model";
import { fixtures, parseHcl, type HclJson } from "../../helpers";
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
    const compiled = compile(onTwoHosts(loaded.raw as Record<string, unknown>), path.basename(fixture.file), {
      files: loaded.files,
    });
    expect(compiled.findings.filter((f) => f.severity === "error").map(formatFinding)).toEqual([]);
    const hcl = await parseHcl("libvirt.tf", compiled.files!.get("libvirt.tf")!);
    expect(hcl.provider.libvirt.map((p: { alias: string }) => p.alias)).toEqual(["kvm1", "kvm2"]);
    const hostOf = new Map(compiled.cluster!.nodes.map((n) => [n.name, n.hypervisor]));
    const domains = hcl.resource.libvirt_domain as Record<string, HclJson[]>;
    for (const [name, blocks] of Object.entries(domains)) {
      const host = blocks[0]!.provider.replace(/^\$\{libvirt\.(.+)\}$/, "$1");
      const suffix = /_domains_(.+)$/.exec(name)?.[1];
      // A node block is named after its host; the service VMs are the gateway's.
      expect([name, host]).toEqual([name, suffix ?? "kvm1"]);
    }
    for (const type of ["libvirt_volume", "libvirt_cloudinit_disk", "libvirt_network"])
      for (const blocks of Object.values(hcl.resource[type] ?? {}) as { provider?: string }[][])
        expect(blocks[0]!.provider).toMatch(/^\$\{libvirt\.kvm[12]\}$/);
    if (compiled.cluster!.installer === "agent") {
      // Every host has its copy of the agent ISO, and each node's CD-ROM (the disk that names a file) is the copy on
      // its own host.
      const volumes = hcl.resource.libvirt_volume as Record<string, HclJson[]>;
      const isos = Object.keys(volumes).filter((name) => name.startsWith("agent_iso"));
      expect(isos.map((name) => volumes[name]![0]!.provider).sort()).toEqual(["${libvirt.kvm1}", "${libvirt.kvm2}"]);
      for (const [name, blocks] of Object.entries(domains).filter(([name]) => name.includes("_domains_"))) {
        const file = (blocks[0]!.disk as HclJson[]).find((disk) => disk.file !== undefined)?.file ?? "";
        const iso = /^\$\{libvirt_volume\.(\w+)\.id\}$/.exec(file)?.[1] ?? "";
        expect([name, isos.includes(iso), volumes[iso]?.[0]!.provider]).toEqual([name, true, blocks[0]!.provider]);
      }
    }
    // Both hosts run some of the lab's VMs where it has cluster nodes to spread. A lab of one cluster node
    // (single-node OpenShift) has nothing to spread: the control plane goes where the fewest control-plane nodes
    // are, the hosts' order breaking the tie, so its one master joins the service VMs on the gateway host, which the
    // fixture does not size; the second host holds only its end of chucky and, for the agent-based installer, its
    // copy of the ISO.
    const clusterNodes = compiled.cluster!.nodes.filter((n) => isClusterRole(n.role)).length;
    expect([...new Set(hostOf.values())].sort()).toEqual(clusterNodes > 1 ? ["kvm1", "kvm2"] : ["kvm1"]);
  });
});
