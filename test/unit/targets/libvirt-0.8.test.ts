// The compiler over every fixture: the emitted HCL parses, what it says matches the spec, and the whole output is
// the committed out/<fixture>, byte for byte.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fixtures, compileFile, parseHcl, readOut, root, type Fixture, type HclJson } from "../../helpers";
import { manifestFor, manifestName, serializeManifest } from "../../../generator/output/manifest";
import { fileNames } from "../../../generator/targets/libvirt-0.8/render";
import { labFileNames } from "../../../generator/artefacts/lab-files";
import { agentDefaults, cpuModeOf, seedKeys, type SeedKey, type Spec } from "../../../generator/input/spec";
import { variables } from "../../../generator/targets/libvirt-0.8/variables";
import type { Cluster } from "../../../generator/model/model";
import { knownLocals } from "../../../generator/targets/libvirt-0.8/locals";
import { compileLab, hypervisor } from "../../multi-host";

interface Parsed {
  spec: Spec;
  cluster: Cluster;
  files: ReadonlyMap<string, string>;
  vars: HclJson;
  libvirt: HclJson;
  outputs: HclJson;
  versions: HclJson;
}

async function parseFixture(fixture: Fixture): Promise<Parsed> {
  const { cluster, files, findings } = await compileFile(fixture.file);
  if (!cluster || !files) throw new Error(`${fixture.name} was rejected: ${JSON.stringify(findings)}`);
  const hcl = (name: string) => parseHcl(name, files.get(name as never)!);
  return {
    spec: cluster.spec,
    cluster,
    files,
    vars: await hcl("input-vars.tf"),
    libvirt: await hcl("libvirt.tf"),
    outputs: await hcl("outputs.tf"),
    versions: await hcl("versions.tf"),
  };
}

const expectedOutputs = [
  "chucky_net_addr",
  "provision_net_addr",
  "provision_mac",
  "master_provision_mac_base",
  "master_chucky_mac_base",
  "worker_provision_mac_base",
  "worker_chucky_mac_base",
  "support_host_ip",
  "provision_host_ip",
  "chucky_gateway",
  "api_vip",
  "ingress_vip",
  "provisioning_dhcp_start",
  "provisioning_dhcp_end",
  "master_names",
  "worker_names",
  "number_of_workers",
  "dns_zone",
  "cluster_name",
  "ocp_version",
  "architecture",
  "bonding_nic",
  "ocp_minor_version",
];

/** The seed's variables of the provision VM, the provisioning network and the BMCs, which the agent lab has none of. */
const ipiOnlyVariables: readonly SeedKey[] = [
  "architecture",
  "provision_net_addr",
  "provision_mac",
  "provision_resources",
  "master_provision_mac_base",
  "worker_provision_mac_base",
];

/** The outputs of the provision VM, the provisioning network and the BMCs, which the agent lab has none of. */
const ipiOnlyOutputs = [
  "provision_net_addr",
  "provision_mac",
  "master_provision_mac_base",
  "worker_provision_mac_base",
  "provision_host_ip",
  "provisioning_dhcp_start",
  "provisioning_dhcp_end",
  "architecture",
];

/** The VIPs' outputs, which the agent-based installer's platform none has none of. */
const vipOutputs = ["api_vip", "ingress_vip", "api_int_vip"];

/** The top-level block headers of a resource in HCL text, in order: `disk`, `dynamic "disk"`, `lifecycle`, … */
function blockHeaders(text: string, type: string, name: string): string[] {
  const start = text.indexOf(`resource "${type}" "${name}" {\n`);
  if (start < 0) throw new Error(`no resource ${type}.${name}`);
  const body = text.slice(start, text.indexOf("\n}\n", start));
  return [...body.matchAll(/^ {2}(dynamic "\w+"|\w+) \{$/gm)].map((m) => m[1]!);
}

describe.each(fixtures.map((f) => [f.name, f] as const))("fixture %s", (_name, fixture) => {
  let p: Parsed;
  beforeAll(async () => {
    p = await parseFixture(fixture);
  });
  /** The agent-based installer's lab: no provision VM, no provisioning network, nodes that boot the agent ISO. */
  const agent = () => p.spec.installer === "agent";
  /** The firmware variables and the nodes' UEFI arguments: with the firmware key, and always in the agent lab. */
  const firmwareKeyed = () => p.spec.firmware !== undefined || agent();
  /** The service VMs' domains: the agent lab has the support VM alone. */
  const serviceDomains = () => (agent() ? ["support_domain"] : ["provision_domain", "support_domain"]);

  test("writes every output file, each parsing as HCL where it is HCL", async () => {
    // extra-workers.yaml only for a spec with day-2 workers, the IPv6 services' files only for a stack with IPv6,
    // agent-config.yaml only for the agent-based installer, the provision VM's cloud-init only where there is one.
    const ipv6Files = ["dhcpd6.conf", "radvd.conf", "reverse6.zone"];
    expect([...p.files.keys()]).toEqual(
      [...fileNames, ...labFileNames].filter(
        (name) =>
          (name !== "extra-workers.yaml" || p.spec.extra_workers !== undefined) &&
          (name !== "agent-config.yaml" || agent()) &&
          (!name.startsWith("provision_") || !agent()) &&
          (!ipv6Files.includes(name) || p.cluster.families.includes(6)),
      ),
    );
    for (const [name, text] of p.files)
      if (name.endsWith(".tf")) await expect(parseHcl(name, text)).resolves.toBeDefined();
  });

  test("declares every seed variable the lab has with a description, a type and the spec's value as default", () => {
    // The agent lab has no provision VM, no provisioning network and no BMCs, and so none of their variables.
    const seedVariables = agent() ? seedKeys.filter((key) => !ipiOnlyVariables.includes(key)) : seedKeys;
    // The node keys' variables only where the spec gives the key: without them, the seed's variables alone.
    const nodeVariables = [
      ...(firmwareKeyed() ? ["firmware", "uefi_loader", "uefi_nvram_template"] : []),
      ...(p.spec.arbiter ? ["arbiter_resources"] : []),
      ...(p.spec.disks ? ["master_disks", "worker_disks", ...(p.spec.arbiter ? ["arbiter_disks"] : [])] : []),
      ...(p.spec.extra_workers !== undefined ? ["extra_workers"] : []),
      ...(p.cluster.options.management ? ["provisioning_network", "bmc_driver"] : []),
      // The IPv6 prefixes where the stack has IPv6, the provisioning network's where it is IPv6.
      ...(p.cluster.families.includes(6) ? ["chucky_net_addr_v6"] : []),
      ...(p.cluster.families[0] === 6 && !agent() ? ["provision_net_addr_v6"] : []),
      // The agent ISO, which every host's pool gets a copy of.
      ...(agent() ? ["agent_iso"] : []),
    ];
    expect(Object.keys(p.vars.variable).sort()).toEqual([...seedVariables, ...nodeVariables].sort());
    expect(
      variables(p.cluster)
        .map((v) => v.name)
        .sort(),
    ).toEqual(Object.keys(p.vars.variable).sort());
    for (const key of seedVariables) {
      const [variable] = p.vars.variable[key];
      expect(variable.description).toMatch(/\S/);
      expect(variable.type).toBeDefined();
      // architecture and cpu_mode may be left out: their defaults follow from other keys.
      const expected =
        key === "architecture"
          ? p.cluster.management.architecture
          : key === "cpu_mode"
            ? cpuModeOf(p.spec)
            : p.spec[key];
      expect(variable.default).toEqual(expected);
    }
    if (agent()) expect(p.vars.variable.agent_iso[0].default).toBe((p.spec.agent ?? agentDefaults).iso);
  });

  test("validates formats and ranges in the variables themselves", () => {
    const conditions = (key: string) => p.vars.variable[key][0].validation.map((v: HclJson) => v.condition).join(" ");
    // The agent lab has no architecture, provisioning network or provision VM to validate, but an ISO to read.
    if (agent()) expect(conditions("agent_iso")).toBe("${length(var.agent_iso) > 0}");
    else expect(conditions("architecture")).toContain('contains(["vbmc", "redfish"], var.architecture)');
    expect(conditions("number_of_workers")).toContain("var.number_of_workers <= 128");
    for (const key of [
      "chucky_net_addr",
      ...(agent() ? [] : ["provision_net_addr", "provision_mac"]),
      "master_chucky_mac_base",
      "worker_chucky_mac_base",
    ]) {
      expect(conditions(key)).toContain(`can(regex(`);
    }
  });

  test("pins the provider and Terraform", () => {
    const [terraform] = p.versions.terraform;
    expect(terraform.required_version).toMatch(/^>= 1\./);
    expect(terraform.required_providers[0].libvirt).toEqual({ source: "dmacvicar/libvirt", version: "0.8.3" });
  });

  test("creates the seed's resources under the seed's addresses and names; the agent lab its ISO, no provision VM", () => {
    const r = p.libvirt.resource;
    expect(Object.keys(r).sort()).toEqual([
      "libvirt_cloudinit_disk",
      "libvirt_domain",
      "libvirt_network",
      "libvirt_volume",
    ]);
    // The agent lab has no provisioning network and no provision VM: its nodes boot the agent ISO from its volume.
    expect(Object.keys(r.libvirt_network).sort()).toEqual(agent() ? ["chucky"] : ["chucky", "provision"]);
    const roles = ["master", "worker", ...(p.cluster.arbiter ? ["arbiter"] : [])];
    expect(Object.keys(r.libvirt_volume).sort()).toEqual(
      [
        ...(agent() ? ["agent_iso"] : ["provision_volume"]),
        "rhel_volume",
        "support_volume",
        ...roles.map((role) => `${role}_volumes`),
        ...(p.spec.disks ? roles.map((role) => `${role}_data_volumes`) : []),
      ].sort(),
    );
    expect(Object.keys(r.libvirt_domain).sort()).toEqual(
      [...serviceDomains(), ...roles.map((role) => `${role}_domains`)].sort(),
    );
    expect(Object.keys(r.libvirt_cloudinit_disk).sort()).toEqual(
      serviceDomains().map((domain) => domain.replace(/_domain$/, "_cloudinit")),
    );
    if (!agent())
      expect(r.libvirt_network.provision[0].count).toBe(
        p.cluster.options.management ? "${local.provisioning ? 1 : 0}" : '${var.architecture == "vbmc" ? 1 : 0}',
      );
    expect(r.libvirt_domain.master_domains[0].count).toBe(p.cluster.masterCount);
    if (p.cluster.arbiter) expect(r.libvirt_domain.arbiter_domains[0].count).toBe(1);
    // The worker VMs: the installed workers, then the day-2 workers.
    const workerVms = p.spec.extra_workers === undefined ? "${var.number_of_workers}" : "${local.worker_vms}";
    expect(r.libvirt_domain.worker_domains[0].count).toBe(workerVms);
    expect(r.libvirt_volume.worker_volumes[0].count).toBe(workerVms);
    // The seed's libvirt names, behind the spec's name_prefix (empty by default).
    const prefix = p.spec.name_prefix;
    expect(r.libvirt_volume.rhel_volume[0]).toMatchObject({
      name: `${prefix}rhel8_base.qcow2`,
      source: "${var.rhel8_image_location}",
    });
    if (agent()) {
      // A name ending in .iso, which the provider attaches as a CD-ROM; no format, which libvirt reads as iso.
      expect(r.libvirt_volume.agent_iso[0]).toMatchObject({
        name: `${prefix}agent.x86_64.iso`,
        source: "${var.agent_iso}",
      });
      expect(r.libvirt_volume.agent_iso[0].format).toBeUndefined();
    } else {
      expect(r.libvirt_volume.provision_volume[0]).toMatchObject({
        name: `${prefix}provision.qcow2`,
        size: 120 * 1024 ** 3,
      });
      expect(r.libvirt_cloudinit_disk.provision_cloudinit[0].name).toBe(`${prefix}provision.iso`);
      expect(r.libvirt_domain.provision_domain[0].name).toBe(`${prefix}provision`);
    }
    expect(r.libvirt_volume.support_volume[0]).toMatchObject({ name: `${prefix}support.qcow2`, size: 50 * 1024 ** 3 });
    expect(r.libvirt_domain.support_domain[0].name).toBe(`${prefix}support`);
    expect(r.libvirt_domain.master_domains[0].name).toBe(`${prefix}bmipi-master\${count.index}`);
    expect(r.libvirt_domain.worker_domains[0].name).toBe(`${prefix}bmipi-worker\${count.index}`);
    expect(r.libvirt_volume.master_volumes[0].name).toBe(`${prefix}master\${count.index}.qcow2`);
    expect(r.libvirt_network.chucky[0]).toMatchObject({ name: `${prefix}chucky`, bridge: `${prefix}chucky` });
    for (const network of Object.keys(r.libvirt_network))
      expect(r.libvirt_network[network][0].dhcp).toEqual([{ enabled: false }]);
    expect(r.libvirt_network.chucky[0].mode).toBe("nat");
    if (!agent()) expect(r.libvirt_network.provision[0].mode).toBe("none");
  });

  test("starts the service VMs, leaves masters and workers off, with the seed's devices; agent nodes boot disk, then CD-ROM", () => {
    const d = p.libvirt.resource.libvirt_domain;
    for (const name of serviceDomains()) expect(d[name][0].running).toBe(true);
    // The installer powers the nodes on through their BMCs; in the agent lab, the operator once DHCP is served.
    expect(d.master_domains[0].running).toBe(false);
    expect(d.worker_domains[0].running).toBe(false);
    // Every argument a -var reaches on an existing VM, which the provider would replace it for or cannot update.
    const serviceVm = ["${memory}", "${vcpu}", "${type}", "${cpu}", "${network_interface}"];
    const clusterNode = [
      "${running}",
      "${disk}",
      ...serviceVm,
      "${boot_device}",
      ...(firmwareKeyed() ? ["${firmware}", "${nvram}"] : []),
    ];
    for (const [name, domain] of Object.entries(d) as [string, HclJson[]][]) {
      const node = !serviceDomains().includes(name);
      // The domain type is a variable (kvm, or qemu for software emulation).
      expect(domain[0].type).toBe("${var.domain_type}");
      // The CPU mode is a variable, and "none" writes no cpu block at all.
      expect(domain[0].dynamic.cpu).toEqual([
        {
          for_each: '${var.cpu_mode == "none" ? [] : [var.cpu_mode]}',
          content: [{ mode: "${cpu.value}" }],
        },
      ]);
      // What day 2 changes on the live domain is never taken back by a plan.
      expect(domain[0].lifecycle[0].ignore_changes).toEqual(node ? clusterNode : serviceVm);
      // The agent's nodes boot the agent ISO once, while their OS disk is empty; with the management keys, cluster
      // nodes network-boot only where they PXE-boot.
      const dev =
        agent() && node
          ? ["hd", "cdrom"]
          : p.cluster.options.management && node
            ? '${local.pxe ? ["hd", "network"] : ["hd"]}'
            : ["hd", "network"];
      expect(domain[0].boot_device).toEqual([{ dev }]);
      expect(domain[0].console).toEqual([{ type: "pty", target_port: "0" }]);
      expect(domain[0].graphics).toEqual([
        { type: "vnc", listen_type: "address", listen_address: p.spec.vnc_listen_address },
      ]);
    }
  });

  test("no -var replaces a node's disk or the base image; the number of data disks stays the spec's", () => {
    const volumes = p.libvirt.resource.libvirt_volume as Record<string, HclJson[]>;
    for (const [name, volume] of Object.entries(volumes)) {
      const ignored = volume[0].lifecycle?.[0]?.ignore_changes;
      // The service VMs' volumes have literal sizes and a base that is itself kept; so is the agent ISO, which the
      // nodes' CD-ROMs hold.
      const expected =
        name === "rhel_volume" || name === "agent_iso"
          ? ["${source}"]
          : /^(master|arbiter|worker)_/.test(name)
            ? ["${size}"]
            : undefined;
      expect({ name, ignored }).toEqual({ name, ignored: expected });
    }
    const conditions = (p.libvirt.resource.libvirt_domain.master_domains[0].lifecycle[0].precondition ?? []).map(
      (c: HclJson) => c.condition,
    );
    const roles = p.spec.disks ? ["master", ...(p.spec.arbiter ? ["arbiter"] : []), "worker"] : [];
    for (const role of roles) {
      const count = (p.spec.disks?.[role as "master"] ?? { extra_gib: [] }).extra_gib.length;
      expect(conditions).toContain(`\${length(var.${role}_disks.extra_gib) == ${count}}`);
    }
    if (!p.spec.disks) expect(conditions.filter((c: string) => c.includes("_disks.extra_gib"))).toEqual([]);
  });

  test("derives MACs with format() from the bases, provisioning NICs (none in the agent lab) through dynamic blocks", () => {
    const d = p.libvirt.resource.libvirt_domain;
    const locals = Object.assign({}, ...p.libvirt.locals);
    const workers = p.spec.extra_workers === undefined ? "var.number_of_workers" : "local.worker_vms";
    // The arbiter takes the masters' bases, from the slot after the last master.
    for (const [role, base, digits, count, first, bond] of [
      ["master", "master", "%x", String(p.cluster.masterCount), "", 8],
      ["worker", "worker", "%02x", workers, "", 128],
      ...(p.cluster.arbiter ? [["arbiter", "master", "%x", "1", `${p.cluster.masterCount} + `, 8] as const] : []),
    ] as const) {
      expect(locals[`${role}_chucky_macs`]).toBe(
        `\${[for i in range(${count}) : format("\${var.${base}_chucky_mac_base}${digits}", ${first}i)]}`,
      );
      // The agent lab's nodes have no provisioning NIC, and so no MACs for one.
      expect(locals[`${role}_provision_macs`]).toBe(
        agent()
          ? undefined
          : `\${[for i in range(${count}) : format("\${var.${base}_provision_mac_base}${digits}", ${first}i)]}`,
      );
      expect(locals[`${role}_bond_macs`]).toBe(
        `\${[for i in range(${count}) : format("\${var.${base}_chucky_mac_base}${digits}", ${first}i + ${bond})]}`,
      );
      const domain = d[`${role}_domains`][0];
      expect(domain.network_interface[0].mac).toBe(`\${local.${role}_chucky_macs[count.index]}`);
      const dynamicNics = domain.dynamic.network_interface as HclJson[];
      expect(dynamicNics.map((nic) => nic.for_each)).toEqual([
        ...(agent() ? [] : ["${libvirt_network.provision}"]),
        `\${local.bonding ? [local.${role}_bond_macs[count.index]] : []}`,
      ]);
      if (!agent()) expect(dynamicNics[0]!.content[0].mac).toBe(`\${local.${role}_provision_macs[count.index]}`);
    }
    expect(locals.bonding).toBe("${var.bonding_nic && (local.ocp_major_version > 4 || local.ocp_minor_version >= 10)}");
    // The rules check every fixed MAC: the agent lab has neither the provision VM's nor provisioning NICs.
    if (agent()) expect(locals.fixed_macs).not.toContain("provision");
    else expect(d.provision_domain[0].network_interface[0].mac).toBe("${var.provision_mac}");
  });

  test("UEFI, with the firmware key or the agent-based installer: the loader and the node's own variable store", () => {
    const d = p.libvirt.resource.libvirt_domain;
    // The agent-based installer takes UEFI nodes only: the firmware variable is there without the key, and says so.
    if (agent()) {
      const [firmware] = p.vars.variable.firmware;
      expect(firmware.default).toBe("uefi");
      expect(firmware.validation.map((v: HclJson) => v.condition)).toEqual(['${contains(["uefi"], var.firmware)}']);
    }
    for (const role of ["master", "worker", ...(p.cluster.arbiter ? ["arbiter"] : [])]) {
      const domain = d[`${role}_domains`][0];
      if (!firmwareKeyed()) {
        expect([domain.firmware, domain.dynamic.nvram]).toEqual([undefined, undefined]);
        continue;
      }
      expect(domain.firmware).toBe('${var.firmware == "uefi" ? var.uefi_loader : null}');
      expect(domain.dynamic.nvram).toEqual([
        {
          for_each: '${var.firmware == "uefi" ? [var.uefi_nvram_template] : []}',
          content: [
            {
              file: `/var/lib/libvirt/qemu/nvram/${p.spec.name_prefix}bmipi-${role}\${count.index}_VARS.fd`,
              template: "${nvram.value}",
            },
          ],
        },
      ]);
    }
    // The service VMs keep BIOS.
    for (const name of serviceDomains()) expect(d[name][0].firmware).toBeUndefined();
  });

  test("disks: the OS disk first, then the data disks in order, sized by the disks variables; the agent ISO's CD-ROM last", () => {
    const r = p.libvirt.resource;
    const locals = Object.assign({}, ...p.libvirt.locals);
    for (const role of ["master", "worker", ...(p.cluster.arbiter ? ["arbiter"] : [])]) {
      const domain = r.libvirt_domain[`${role}_domains`][0];
      // The agent's nodes read the ISO from its volume in their host's pool, a file the provider attaches as a CD-ROM.
      expect(domain.disk).toEqual([
        { volume_id: `\${libvirt_volume.${role}_volumes[count.index].id}` },
        ...(agent() ? [{ file: "${libvirt_volume.agent_iso.id}" }] : []),
      ]);
      // hcl2json lists a body's static disk blocks apart from its dynamic ones, which loses their order; Terraform
      // expands a dynamic block where it stands and the domain's disks keep that order, so it is read from the text.
      const diskBlocks = blockHeaders(p.files.get("libvirt.tf")!, "libvirt_domain", `${role}_domains`).filter(
        (h) => h === "disk" || h === 'dynamic "disk"',
      );
      expect(diskBlocks).toEqual(["disk", ...(p.spec.disks ? ['dynamic "disk"'] : []), ...(agent() ? ["disk"] : [])]);
      if (!p.spec.disks) {
        expect(r.libvirt_volume[`${role}_volumes`][0].size).toBe(120 * 1024 ** 3);
        expect(domain.dynamic.disk).toBeUndefined();
        continue;
      }
      expect(r.libvirt_volume[`${role}_volumes`][0].size).toBe(`\${var.${role}_disks.os_gib * 1073741824}`);
      expect(locals[`${role}_data_disks`]).toBe(`\${length(var.${role}_disks.extra_gib)}`);
      const data = r.libvirt_volume[`${role}_data_volumes`][0];
      expect(data.size).toBe(`\${var.${role}_disks.extra_gib[count.index % local.${role}_data_disks] * 1073741824}`);
      expect(domain.dynamic.disk).toEqual([
        {
          for_each: `\${[for j in range(local.${role}_data_disks) : libvirt_volume.${role}_data_volumes[count.index * local.${role}_data_disks + j].id]}`,
          content: [{ volume_id: "${disk.value}" }],
        },
      ]);
    }
  });

  test("guards cross-variable rules with preconditions and warns with a check block", () => {
    const r = p.libvirt.resource;
    const condition = (resource: HclJson) => resource[0].lifecycle[0].precondition.map((pc: HclJson) => pc.condition);
    expect(condition(r.libvirt_domain.master_domains)).toContain("${length(local.repeated_macs) == 0}");
    expect(condition(r.libvirt_network.chucky)).toContain("${length(local.overlapping_networks) == 0}");
    expect(p.libvirt.check.bonding_version[0].assert[0].condition).toBe(
      "${!var.bonding_nic || local.ocp_major_version > 4 || local.ocp_minor_version >= 10}",
    );
    const locals = Object.assign({}, ...p.libvirt.locals);
    expect(locals.compared_networks).toContain(JSON.stringify(p.spec.existing_networks).replace(/,/g, ", "));
  });

  test("keeps the downstream outputs contract, each output described; the agent lab without the IPI-only ones", () => {
    const names = Object.keys(p.outputs.output);
    // The agent lab has none of the provision VM's, the provisioning network's or the BMCs' outputs, and on platform
    // none, which has no VIPs, none of theirs.
    const platform = (p.spec.agent ?? agentDefaults).platform;
    const dropped = agent() ? [...ipiOnlyOutputs, ...(platform === "none" ? vipOutputs : [])] : [];
    for (const name of expectedOutputs.filter((o) => !dropped.includes(o))) expect(names).toContain(name);
    for (const name of dropped) expect(names).not.toContain(name);
    for (const name of names) expect(p.outputs.output[name][0].description).toMatch(/\S/);
  });

  test("connects to libvirt as the spec says, private key in the URI and public key to cloud-init", () => {
    const locals = Object.assign({}, ...p.libvirt.locals);
    expect(p.libvirt.provider.libvirt[0].uri).toBe("${local.libvirt_uri}");
    if (p.spec.connection.mode === "remote_state") {
      expect(p.libvirt.data.terraform_remote_state.ec2_instance[0]).toMatchObject({
        backend: "local",
        config: { path: p.spec.connection.state_path },
      });
      expect(locals.ssh_public_key).toContain("local.metal.ssh_certificate");
      expect(locals.ssh_private_key).toContain('trimsuffix(local.metal.ssh_certificate, ".pub")');
      expect(locals.libvirt_uri).toContain("keyfile=${local.ssh_private_key}");
    } else {
      expect(p.libvirt.data).toBeUndefined();
      expect(locals.ssh_public_key).toContain(p.spec.connection.ssh_public_key);
      expect(locals.libvirt_uri.startsWith(p.spec.connection.uri)).toBe(true);
    }
  });

  test("is the committed out/ folder, byte for byte: every file, the manifest, and nothing else", () => {
    // out/ was written by the bundle, which renders precompiled templates; the sources compile them at run time:
    // both must agree. The manifest is what gen-infra writes beside the files, so it is part of the output too.
    const expected = new Map([...p.files, [manifestName, serializeManifest(manifestFor(p.files))]]);
    expect(readdirSync(fixture.outDir).sort()).toEqual([...expected.keys()].sort());
    for (const [name, text] of expected) {
      const bytes = readFileSync(path.join(fixture.outDir, name));
      // The text first, for a readable difference; then the bytes, since a byte that is not UTF-8 reads as U+FFFD.
      expect([name, bytes.toString("utf8")]).toEqual([name, text]);
      expect(bytes.equals(Buffer.from(text, "utf8"))).toBe(true);
    }
  });
});

test("out/ holds a folder for every accepted fixture, and nothing else", () => {
  expect(readdirSync(path.join(root, "out")).sort()).toEqual(fixtures.map((f) => f.name).sort());
});

test("every local TypeScript refers to through local() is defined in libvirt.tf for some fixture or lab on several hosts", async () => {
  const defined = new Set<string>();
  // The placement's locals exist on several hosts only, which no fixture spans.
  const severalHosts = compileLab({
    hypervisors: [hypervisor("kvm1"), hypervisor("kvm2"), hypervisor("kvm3")],
    ocp_version: "4.20.0",
    arbiter: { memory: 16384, vcpu: 4 },
  });
  const texts = [...fixtures.map((fixture) => readOut(fixture, "libvirt.tf")), severalHosts.files.get("libvirt.tf")!];
  for (const text of texts) {
    const parsed = await parseHcl("libvirt.tf", text);
    for (const block of (parsed.locals ?? []) as HclJson[]) Object.keys(block).forEach((name) => defined.add(name));
  }
  expect(knownLocals().filter((name) => !defined.has(name))).toEqual([]);
});
