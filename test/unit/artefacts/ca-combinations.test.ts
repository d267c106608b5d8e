// bmc.ca_file beside every other choice of a lab: given the redfish-ca fixture's spec changed one way, and the CA's
// text as the CLI reads it, want install-config.yaml's bmcVerifyCA to be that text byte for byte with every BMC's
// certificate verified, and the report's certificate naming the host of every BMC address; or the rules that refuse
// the pairing, and no other error. docs/nodes.md's table cites these.
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml, parseAllDocuments } from "yaml";
import { compile } from "../../../generator/compile";
import { formatFinding, type Finding } from "../../../generator/findings";
import type { BaremetalInstallConfig } from "../../../generator/installer/install-config-types";
import { formats } from "../../../generator/input/formats";
import { validate } from "../../../generator/input/validate";
import { buildCluster } from "../../../generator/model/model";
import { agentKeysRule, type GivenSpec } from "../../../generator/rules/agent";
import { bmcCaVerificationRule } from "../../../generator/rules/bmc-ca";
import { managementRule } from "../../../generator/rules/management";
import { fixturesDir } from "../../helpers";
import { hypervisor } from "../../multi-host";

const pem = readFileSync(path.join(fixturesDir, "redfish-ca.pem"), "utf8");
const files = { bmcCa: pem };

const { $schema: _schema, ...redfishCa } = JSON.parse(readFileSync(path.join(fixturesDir, "redfish-ca.json"), "utf8"));
/** The fixture's lab: redfish (provisioning Disabled, redfish-virtualmedia), 4.21, two workers and a day-2 one. */
const base: Record<string, unknown> = redfishCa;
const bmc = base["bmc"] as Record<string, unknown>;

/** The fixture with its architecture replaced by a provisioning mode and a driver. */
const managed = (provisioning_network: string, bmc_driver: string): Record<string, unknown> => {
  const { architecture: _architecture, ...rest } = base;
  return { ...rest, provisioning_network, bmc_driver };
};

type RuleId = "agent-keys" | "bmc-ca-verification" | "management";

function validated(raw: unknown): GivenSpec {
  const result = validate(raw);
  if (!result.ok) throw new Error(JSON.stringify(result.findings));
  return result;
}

/**
 * Each rule's own findings for a spec: the spec-stage rule over the validated spec and the keys it gives, the
 * cluster rule over the model, as compile runs them.
 */
const findingsOf: Record<RuleId, (raw: unknown) => Finding[]> = {
  "agent-keys": (raw) => agentKeysRule.check(validated(raw)),
  "bmc-ca-verification": (raw) => bmcCaVerificationRule.check(validated(raw)),
  management: (raw) => managementRule.check(buildCluster(validated(raw).spec, files)),
};

/** [what is combined with bmc.ca_file, the spec, the rules that refuse it or undefined where it compiles] */
const rows: [string, Record<string, unknown>, RuleId[] | undefined][] = [
  ["the fixture: architecture redfish, 4.21", base, undefined],
  ["Managed, redfish", managed("Managed", "redfish"), undefined],
  ["Managed, redfish-virtualmedia", managed("Managed", "redfish-virtualmedia"), undefined],
  ["Managed, ipmi", managed("Managed", "ipmi"), ["bmc-ca-verification"]],
  ["Unmanaged, redfish", managed("Unmanaged", "redfish"), undefined],
  ["Unmanaged, redfish-virtualmedia", managed("Unmanaged", "redfish-virtualmedia"), undefined],
  ["Unmanaged, ipmi", managed("Unmanaged", "ipmi"), ["bmc-ca-verification"]],
  ["Disabled, redfish-virtualmedia", managed("Disabled", "redfish-virtualmedia"), undefined],
  // The installer takes neither driver without a provisioning network; ipmi is refused first, before the model.
  ["Disabled, redfish", managed("Disabled", "redfish"), ["management"]],
  ["Disabled, ipmi", managed("Disabled", "ipmi"), ["bmc-ca-verification"]],
  ["architecture vbmc", { ...base, architecture: "vbmc" }, ["bmc-ca-verification"]],
  [
    "redfish_verify_certificate false",
    { ...base, bmc: { ...bmc, redfish_verify_certificate: false } },
    ["bmc-ca-verification"],
  ],
  ["two hypervisors", { ...base, hypervisors: [hypervisor("kvm1"), hypervisor("kvm2")] }, undefined],
  [
    "three hypervisors, Managed redfish",
    { ...managed("Managed", "redfish"), hypervisors: [hypervisor("kvm1"), hypervisor("kvm2"), hypervisor("kvm3")] },
    undefined,
  ],
  ["bmc.redfish_host a DNS name", { ...base, bmc: { ...bmc, redfish_host: "bmc.lab.example" } }, undefined],
  ["ip_stack v6", { ...base, ip_stack: "v6" }, undefined],
  ["ip_stack v4v6", { ...base, ip_stack: "v4v6" }, undefined],
  ["ip_stack v6v4", { ...base, ip_stack: "v6v4" }, undefined],
  ["ip_stack v6, Managed redfish", { ...managed("Managed", "redfish"), ip_stack: "v6" }, undefined],
  ["the arbiter", { ...base, arbiter: { memory: 8192, vcpu: 2 } }, undefined],
  ["two nodes with fencing", { ...base, control_plane: "two-node-fencing" }, undefined],
  ["two nodes with fencing, 5.0.1", { ...base, control_plane: "two-node-fencing", ocp_version: "5.0.1" }, undefined],
  [
    "installer agent",
    { installer: "agent", ocp_version: "4.21.0", number_of_workers: 2, bmc: { ca_file: "redfish-ca.pem" } },
    // The agent lab has no BMCs at all: the bmc key is refused as well as its CA.
    ["agent-keys", "bmc-ca-verification"],
  ],
  ["4.20.0", { ...base, ocp_version: "4.20.0" }, ["bmc-ca-verification"]],
  ["4.21.0", { ...base, ocp_version: "4.21.0" }, undefined],
  ["4.22.0", { ...base, ocp_version: "4.22.0" }, undefined],
  ["5.0.1", { ...base, ocp_version: "5.0.1" }, undefined],
];

const described = rows.map(([title, spec, refused]) => [title, refused?.join(", ") ?? "compiles", spec] as const);

/** The host a BMC address names (redfish-virtualmedia://10.20.0.129:8080/…), without an IPv6 address's brackets. */
const hostOf = (address: string): string =>
  new URL(address.replace(/^[^:]+:/, "https:")).hostname.replace(/^\[(.*)\]$/, "$1");

/** The subjectAltName entry a certificate needs for that host. */
const sanFor = (host: string): string =>
  `${new RegExp(formats.ipv4.pattern).test(host) || host.includes(":") ? "IP" : "DNS"}:${host}`;

interface BmcOf {
  readonly address: string;
  readonly disableCertificateVerification?: boolean;
}

test.each(described)("bmc.ca_file with %s → %s", (_title, outcome, spec) => {
  const compiled = compile(spec, "redfish-ca.json", { files });
  const errors = compiled.findings.filter((f) => f.severity === "error");
  if (outcome !== "compiles") {
    // Exactly the named rules' errors: nothing else refuses the pairing.
    const expected = outcome
      .split(", ")
      .flatMap((id) => findingsOf[id as RuleId](spec))
      .filter((f) => f.severity === "error");
    expect(expected).not.toEqual([]);
    expect(errors.map(formatFinding).sort()).toEqual(expected.map(formatFinding).sort());
    return;
  }
  expect(errors.map(formatFinding)).toEqual([]);
  const config = parseYaml(compiled.files!.get("install-config.yaml")!) as BaremetalInstallConfig;
  expect(config.platform.baremetal.bmcVerifyCA).toBe(pem);

  const hosts: BmcOf[] = config.platform.baremetal.hosts.map((host) => host.bmc as BmcOf);
  const dayTwo: BmcOf[] = parseAllDocuments(compiled.files!.get("extra-workers.yaml") ?? "")
    .map((doc) => doc.toJS() as { kind?: string; spec?: { bmc?: BmcOf } } | null)
    .flatMap((doc) => (doc?.kind === "BareMetalHost" && doc.spec?.bmc ? [doc.spec.bmc] : []));
  expect(hosts.length).toBeGreaterThan(0);
  for (const host of [...hosts, ...dayTwo]) expect(host.disableCertificateVerification).toBe(false);

  const credentials = config.controlPlane.fencing?.credentials ?? [];
  for (const credential of credentials) expect(credential.certificateVerification).toBe("Enabled");

  // One certificate for every emulator: each BMC address must name the host the report's certificate names.
  const readme = compiled.files!.get("README.md")!;
  const san = /subjectAltName=([^' ]+)/.exec(readme)?.[1];
  const addresses = [...hosts, ...dayTwo, ...credentials].map((b) => b.address);
  expect(addresses.map((address) => sanFor(hostOf(address)))).toEqual(addresses.map(() => san));
});

test("on several hypervisors every emulator is on the gateway host, at a port of its own", () => {
  const compiled = compile({ ...base, hypervisors: [hypervisor("kvm1"), hypervisor("kvm2")] }, "redfish-ca.json", {
    files,
  });
  const config = parseYaml(compiled.files!.get("install-config.yaml")!) as BaremetalInstallConfig;
  const urls = config.platform.baremetal.hosts.map((host) => new URL(host.bmc.address.replace(/^[^:]+:/, "https:")));
  expect(new Set(urls.map((url) => url.hostname)).size).toBe(1);
  expect(new Set(urls.map((url) => url.port)).size).toBe(2);
  // So one certificate serves them all, and the report says to give it to each.
  expect(compiled.files!.get("README.md")).toContain("the gateway host runs one sushy-tools per hypervisor");
});
