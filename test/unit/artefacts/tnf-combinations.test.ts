// The two-node control plane with fencing beside every other choice of a lab: given a committed fixture with
// control_plane two-node-fencing added, want the lab compiled with one credential per master (the installer port
// accepting it, or the compile would fail), or the rule that refuses the pairing. docs/nodes.md's table cites these.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { compile } from "../../../generator/compile";
import { formatFinding, formatPath } from "../../../generator/findings";
import type { BaremetalInstallConfig } from "../../../generator/installer/install-config-types";
import { fixturesDir } from "../../helpers";
import { hypervisor } from "../../multi-host";

const fencing = { control_plane: "two-node-fencing", ocp_version: "4.20.0" };

const fixture = (name: string): Record<string, unknown> => {
  const { $schema: _schema, ...spec } = JSON.parse(readFileSync(path.join(fixturesDir, `${name}.json`), "utf8"));
  return { ...spec, ...fencing };
};

/** [fixture, what is added besides fencing, the refusing finding's words or undefined where it compiles] */
const rows: [string, Record<string, unknown>, string | undefined][] = [
  ["provisioning-managed-redfish", {}, undefined],
  ["provisioning-managed-redfish-virtualmedia", {}, undefined],
  ["provisioning-unmanaged-redfish", {}, undefined],
  ["provisioning-unmanaged-redfish-virtualmedia", {}, undefined],
  ["provisioning-disabled-redfish-virtualmedia", {}, undefined],
  ["provisioning-managed-ipmi", {}, "control_plane: needs a Redfish BMC"],
  ["provisioning-unmanaged-ipmi", {}, "control_plane: needs a Redfish BMC"],
  ["default", {}, "control_plane: needs a Redfish BMC"],
  ["ipv6", { architecture: "redfish" }, undefined],
  ["dual-stack", { architecture: "redfish" }, undefined],
  ["dual-stack-v6v4", { architecture: "redfish" }, undefined],
  // 4.22 takes Redfish addresses only, with their port: an IPv6 gateway's in brackets.
  ["ipv6", { architecture: "redfish", ocp_version: "4.22.0" }, undefined],
  // On two hypervisors: each master's BMC is the emulator of its own host's port.
  ["uefi", { hypervisors: [hypervisor("kvm1"), hypervisor("kvm2")] }, undefined],
  ["arbiter", { architecture: "redfish" }, "control_plane: cannot be given with arbiter"],
  ["agent-workers", {}, "control_plane: is not built with installer agent"],
];

const described = rows.map(([name, more, refusal]) => {
  const added = Object.keys(more).join(", ");
  return [`${name}${added ? ` with ${added}` : ""}`, refusal ?? "compiles", name, more] as const;
});

test.each(described)("%s and fencing → %s", (_title, outcome, name, more) => {
  const refusal = outcome === "compiles" ? undefined : outcome;
  const compiled = compile({ ...fixture(name), ...more }, `${name}.json`);
  const errors = compiled.findings.filter((f) => f.severity === "error");
  if (refusal !== undefined) {
    expect(errors.map((f) => `${formatPath(f.path)}: ${f.message}`)).toContainEqual(expect.stringContaining(refusal));
    return;
  }
  expect(errors.map(formatFinding)).toEqual([]);
  const config = parseYaml(compiled.files!.get("install-config.yaml")!) as BaremetalInstallConfig;
  const masters = compiled.cluster!.nodes.filter((n) => n.role === "master");
  expect(config.controlPlane.replicas).toBe(2);
  expect(config.controlPlane.fencing?.credentials?.map((c) => [c.hostName, c.address])).toEqual(
    masters.map((n) => [n.hostname, n.bmcAddress]),
  );
});
