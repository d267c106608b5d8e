// The agent-based installer's rules held against the installer's own test cases (fixtures/installer/agent): each
// case is install-config.yaml, then agent-config.yaml where it has one, and expected.json says what the installer
// reports of the two and what it warns. All must match, in any order.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import {
  agentConfigErrors,
  agentConfigWarnings,
  agentInstallConfigErrors,
  agentInstallConfigWarnings,
  formatFieldError,
  type AgentConfig,
  type AgentHost,
  type FieldError,
} from "../../../generator/installer";
import type { InstallConfig } from "../../../generator/installer/install-config-types";
import { parseRelease, type Release } from "../../../generator/releases";

const folder = fileURLToPath(new URL("../../../fixtures/installer/agent/", import.meta.url));

interface Expectation {
  /** The release line whose installer reports this, "4.14". */
  readonly release: `${number}.${number}`;
  readonly source: string;
  readonly note?: string;
  readonly findings: readonly FieldError[];
  readonly warnings?: readonly string[];
}

const expected = JSON.parse(readFileSync(path.join(folder, "expected.json"), "utf8")) as Record<string, Expectation>;
const caseFiles = readdirSync(folder)
  .filter((file) => file !== "expected.json")
  .sort();

/** The case's documents: install-config.yaml, and agent-config.yaml's document where the case has that file. */
function load(file: string): { readonly installConfig: InstallConfig; readonly agentConfig: unknown } {
  const documents = parseAllDocuments(readFileSync(path.join(folder, file), "utf8")).map((doc) => doc.toJS());
  return { installConfig: documents[0] as InstallConfig, agentConfig: documents.length > 1 ? documents[1] : undefined };
}

const lines = (errors: readonly FieldError[]) => errors.map(formatFieldError).sort();

function reported(file: string, name: `${number}.${number}`) {
  const release = parseRelease(name);
  const { installConfig, agentConfig } = load(file);
  return {
    installConfig: agentInstallConfigErrors(installConfig, release),
    agentConfig: agentConfigErrors(agentConfig, installConfig, release),
    warnings: [
      ...agentInstallConfigWarnings(installConfig, release),
      ...agentConfigWarnings(agentConfig, installConfig, release),
    ].sort(),
  };
}

const table = caseFiles
  .filter((file) => file in expected)
  .map((file) => [file, expected[file]!.release, expected[file]!] as const);

test("every file in fixtures/installer/agent has an expectation, and every expectation a file", () => {
  expect(caseFiles.filter((file) => !(file in expected))).toEqual([]);
  expect(Object.keys(expected).filter((file) => !caseFiles.includes(file))).toEqual([]);
  expect(caseFiles.every((file) => file.endsWith(".yaml"))).toBe(true);
});

test.each(table.filter(([, , want]) => want.findings.length === 0))(
  "%s (%s): the installer takes both files",
  (file, release) => {
    const { installConfig, agentConfig } = reported(file, release);
    expect(lines([...installConfig, ...agentConfig])).toEqual([]);
  },
);

test.each(table.filter(([, , want]) => want.findings.length > 0))(
  "%s (%s): what the installer reports, and nothing else",
  (file, release, want) => {
    const { installConfig, agentConfig } = reported(file, release);
    // The installer reports install-config.yaml's errors and stops: no case has both files wrong.
    expect(installConfig.length === 0 || agentConfig.length === 0).toBe(true);
    expect(lines([...installConfig, ...agentConfig])).toEqual(lines(want.findings));
  },
);

test.each(table)("%s (%s): what the installer warns", (file, release, want) => {
  expect(reported(file, release).warnings).toEqual([...(want.warnings ?? [])].sort());
});

// What the installer's own tests leave out, read in its sources (generator/releases.ts names where).
describe("beyond the installer's test cases", () => {
  const { installConfig: baremetal, agentConfig: withHosts } = load("hosts_arbiter_4_20.yaml");
  const { installConfig: none } = load("install_none_ha_4_20.yaml");
  const installFindings = (config: unknown, release: Release) =>
    lines(agentInstallConfigErrors(config as InstallConfig, release));
  const agentFindings = (config: unknown, release: Release) => lines(agentConfigErrors(config, baremetal, release));

  test("release-4.12 stops at install-config.yaml's own rules before the agent-based ones", () => {
    const twoMasters = { ...none, controlPlane: { ...none.controlPlane, replicas: 2 }, featureSet: "Unknown" };
    expect(
      installFindings({ ...twoMasters, networking: { serviceNetwork: ["10.0.0.0/16"] } }, parseRelease("4.12")),
    ).toEqual([
      'networking.serviceNetwork[0]: Invalid value: "10.0.0.0/16": service network must not overlap with any of the machine networks',
    ]);
    expect(installFindings(twoMasters, parseRelease("4.12"))).toEqual(
      [
        "ControlPlane.Replicas: Required value: ControlPlane.Replicas must be 1 for none platform. Found 2",
        "Compute.Replicas: Required value: Total number of Compute.Replicas must be 0 for none platform. Found 2",
      ].sort(),
    );
  });

  test("4.15 to 4.19 take the Default feature set alone, so a 4.19 arbiter (TechPreviewNoUpgrade) is refused", () => {
    const arbiter = {
      ...baremetal,
      controlPlane: { name: "master", replicas: 2 },
      arbiter: { name: "arbiter", replicas: 1 },
      featureSet: "TechPreviewNoUpgrade",
    };
    expect(installFindings(arbiter, parseRelease("4.19"))).toEqual([
      'featureSet: Unsupported value: "TechPreviewNoUpgrade": supported values: ""',
    ]);
    expect(installFindings({ ...arbiter, featureSet: undefined }, parseRelease("4.19"))).toEqual([
      "arbiter: Forbidden: HighlyAvailableArbiter feature must be enabled in order to use arbiter cluster deployment",
    ]);
    expect(installFindings({ ...arbiter, featureSet: undefined }, parseRelease("4.20"))).toEqual([]);
  });

  test("4.20: no arbiter beside a single node; 4.22: exactly one beside two control-plane nodes", () => {
    const single = {
      ...none,
      controlPlane: { name: "master", replicas: 1 },
      compute: [{ name: "worker", replicas: 0 }],
    };
    expect(installFindings({ ...single, arbiter: { name: "arbiter", replicas: 1 } }, parseRelease("4.20"))).toContain(
      "arbiter.replicas: Forbidden: Total number of arbiter replicas must be 0 when controlPlane.replicas is 1 for Single Node Openshift (SNO) cluster. Found 1",
    );
    const two = {
      ...baremetal,
      controlPlane: { name: "master", replicas: 2 },
      arbiter: { name: "arbiter", replicas: 2 },
    };
    expect(installFindings(two, parseRelease("4.22"))).toEqual([
      "arbiter.replicas: Invalid value: 2: TNA (Two Node with Arbiter) configuration requires exactly 1 arbiter replica",
    ]);
    expect(installFindings({ ...two, controlPlane: { name: "master", replicas: 6 } }, parseRelease("4.22"))).toContain(
      'controlPlane.replicas: Unsupported value: 6: supported values: "3", "1", "4", "5", "2 (with arbiter)", "2 (with fencing)"',
    );
  });

  test("a disabled provisioning network refuses a BMC that needs one, once a host has a BMC address", () => {
    const p = baremetal.platform.baremetal!;
    const host = { ...p.hosts![0]!, bmc: { address: "ipmi://192.168.111.1", username: "u", password: "p" } };
    const disabled = {
      ...baremetal,
      platform: { baremetal: { ...p, provisioningNetwork: "Disabled", hosts: [host] } },
    };
    expect(installFindings(disabled, parseRelease("4.18"))).toEqual([
      'Platform.BareMetal.Hosts[0].BMC: Invalid value: "ipmi://192.168.111.1": driver ipmi requires provisioning network',
    ]);
    expect(installFindings(disabled, parseRelease("4.14"))).toEqual([]);
  });

  test("warnings: a boot mode other than UEFI; before 4.15 every host field, and the provisioning settings", () => {
    const p = baremetal.platform.baremetal!;
    const legacy = {
      ...baremetal,
      platform: { baremetal: { ...p, hosts: [{ ...p.hosts![0]!, bootMode: "legacy" }] } },
    };
    expect(agentInstallConfigWarnings(legacy as InstallConfig, parseRelease("4.20"))).toEqual([
      "platform.baremetal.hosts[0].bootMode: legacy is ignored",
    ]);
    expect(agentInstallConfigWarnings(legacy as InstallConfig, parseRelease("4.14")).sort()).toEqual(
      [
        "Platform.Baremetal.Hosts[0].BootMode: legacy is ignored",
        "Platform.Baremetal.Hosts[0].Name: test is ignored",
        "Platform.Baremetal.Hosts[0].Role: master is ignored",
        "Platform.Baremetal.Hosts[0].BootMACAddress: 28:d2:44:b0:bf:01 is ignored",
        "Platform.Baremetal.Hosts[0].HardwareProfile: default is ignored",
        "Platform.Baremetal.Hosts[0].RootDeviceHints is ignored",
      ].sort(),
    );
    const networked = {
      ...baremetal,
      platform: { baremetal: { ...p, hosts: [{ ...p.hosts![0]!, networkConfig: { a: "<" } }] } },
    };
    expect(agentInstallConfigWarnings(networked, parseRelease("4.13"))).toContain(
      "Platform.Baremetal.Hosts[0].NetworkConfig: &JSON{Raw:*[123 34 97 34 58 34 92 117 48 48 51 99 34 125],} is ignored",
    );
  });

  test("agent-config.yaml's keys: a field's name in another case is that field; the first unknown key stops it", () => {
    const { rendezvousIP: _written, ...config } = withHosts as AgentConfig;
    expect(agentFindings({ ...config, RendezvousIP: "x" }, parseRelease("4.20"))).toEqual([
      'rendezvousIP: Invalid value: "x": "x" is not a valid IP',
    ]);
    expect(
      agentFindings({ ...config, hosts: [{ ...config.hosts![0], bootMode: "UEFI", Zone: "a" }] }, parseRelease("4.20")),
    ).toEqual([
      'hosts[0].Zone: failed to unmarshal agent-config.yaml: error unmarshaling JSON: while decoding JSON: json: unknown field "Zone"',
    ]);
    expect(agentFindings({ ...config, minimalISO: true }, parseRelease("4.17"))).toEqual([
      'minimalISO: failed to unmarshal agent-config.yaml: error unmarshaling JSON: while decoding JSON: json: unknown field "minimalISO"',
    ]);
  });

  test.each([
    ["28:d2:44:d2:b2:1a", undefined],
    ["28-D2-44-D2-B2-1A", undefined],
    ["28d2.44d2.b21a", undefined],
    ["29:d2:44:d2:b2:1a", "expected unicast mac address, found multicast"],
    ["28:d2:44:d2:b2-1a", "address 28:d2:44:d2:b2-1a: invalid MAC address"],
    ["00:00:00:00:fe:80:00:00", "invalid MAC address"],
  ])("MAC %s: %s", (mac, problem) => {
    const config = withHosts as AgentConfig;
    const host: AgentHost = { ...config.hosts![0]!, interfaces: [{ name: "eth0", macAddress: mac }] };
    expect(agentFindings({ ...config, hosts: [host] }, parseRelease("4.20"))).toEqual(
      problem === undefined ? [] : [`hosts[0].interfaces[0].macAddress: Invalid value: "${mac}": ${problem}`],
    );
  });
});
