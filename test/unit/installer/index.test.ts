// The installer's rules held against the installer's own test cases: each fixture is one case as an install-config
// (its header names the case), expected.json says what the installer reports for it. All errors must match, in
// any order: a case the installer's test matches on one message may rightly give more, and expected.json lists them.
// `findings` is installerErrors' share; `hostCounts`, where a case has it, is hostCountErrors' (the installer
// reports both; the other cases' replicas were never meant to match their hosts).
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { parse } from "yaml";
import type { InstallConfig } from "../../../generator/installer/install-config-types";
import { formatFieldError, hostCountErrors, installerErrors, type FieldError } from "../../../generator/installer";
import { arbiterGateEnabled } from "../../../generator/installer/feature-sets";
import { withInstallerDefaults } from "../../../generator/installer/defaults";

const folder = fileURLToPath(new URL("../../../fixtures/installer/", import.meta.url));

interface Expectation {
  readonly ocpMinor: number;
  readonly source: string;
  readonly note?: string;
  readonly findings: readonly FieldError[];
  readonly hostCounts?: readonly FieldError[];
}

const expected = JSON.parse(readFileSync(path.join(folder, "expected.json"), "utf8")) as Record<string, Expectation>;
const caseFiles = readdirSync(folder)
  .filter((file) => file !== "expected.json")
  .sort();

// Fixtures hold what a user could write, including values outside the types: the rules must read them anyway.
const load = (file: string) => parse(readFileSync(path.join(folder, file), "utf8")) as InstallConfig;
const lines = (errors: readonly FieldError[]) => errors.map(formatFieldError).sort();

test("every file in fixtures/installer has an expectation, and every expectation a file", () => {
  expect(caseFiles.filter((file) => !(file in expected))).toEqual([]);
  expect(Object.keys(expected).filter((file) => !caseFiles.includes(file))).toEqual([]);
  expect(caseFiles.every((file) => file.endsWith(".yaml"))).toBe(true);
});

const table = caseFiles
  .filter((file) => file in expected)
  .map((file) => [file, expected[file]!.ocpMinor, expected[file]!] as const);

test.each(table.filter(([, , want]) => want.findings.length === 0))(
  "%s (4.%i): the installer takes it",
  (file, ocpMinor) => {
    expect(lines(installerErrors(load(file), ocpMinor))).toEqual([]);
  },
);

test.each(table.filter(([, , want]) => want.findings.length > 0))(
  "%s (4.%i): what the installer reports, and nothing else",
  (file, ocpMinor, want) => {
    expect(lines(installerErrors(load(file), ocpMinor))).toEqual(lines(want.findings));
  },
);

const few = (found: number, pool: string, replicas: number) =>
  `not enough hosts found (${found}) to support all the configured ${pool} replicas (${replicas})`;

const hostCountTable = table.flatMap(([file, ocpMinor, want]) =>
  want.hostCounts === undefined ? [] : [[file, ocpMinor, want.hostCounts] as const],
);

test.each(hostCountTable)("%s (4.%i): the host counts the installer reports", (file, ocpMinor, want) => {
  expect(lines(hostCountErrors(load(file), ocpMinor))).toEqual(lines(want));
});

test("host counts: before 4.19 a host with role arbiter is a host without a role, and fills the control plane", () => {
  const config = load("arbiter_hosts_4_20.yaml");
  const threeMasters = { ...config, controlPlane: { name: "master", replicas: 3 }, compute: [] } as const;
  const { role: _role, ...noRole } = threeMasters.platform.baremetal.hosts[2]!;
  const hosts = [...threeMasters.platform.baremetal.hosts.slice(0, 2), noRole];
  const roleless = { ...threeMasters, platform: { baremetal: { ...threeMasters.platform.baremetal, hosts } } };
  // The installer's defaults give an empty compute list one worker pool of 3 replicas: compute is what falls short.
  const compute = (found: number) => [
    { path: "platform.baremetal.Hosts", message: `Required value: ${few(found, "Compute", 3)}` },
  ];
  expect(hostCountErrors(threeMasters, 18)).toEqual(compute(0));
  expect(hostCountErrors(roleless, 18)).toEqual(compute(0));
  expect(hostCountErrors(threeMasters, 20)).toEqual([
    { path: "platform.baremetal.hosts", message: `Required value: ${few(2, "ControlPlane", 3)}` },
  ]);
});

test("host counts: nothing when the installer stops before, at reading the file", () => {
  const config = load("arbiter_4_10.yaml");
  expect(installerErrors(config, 10)).toHaveLength(1);
  expect(hostCountErrors({ ...config, controlPlane: { name: "master", replicas: 9 } }, 10)).toEqual([]);
});

test.each([
  [19, undefined, undefined, false],
  [19, "TechPreviewNoUpgrade", undefined, true],
  [19, "DevPreviewNoUpgrade", undefined, true],
  [19, "CustomNoUpgrade", ["HighlyAvailableArbiter=True"], true],
  [19, "CustomNoUpgrade", ["HighlyAvailableArbiter=true=1"], false],
  [19, "CustomNoUpgrade", ["HighlyAvailableArbiter=false", "HighlyAvailableArbiter=1"], true],
  [19, "CustomNoUpgrade", undefined, false],
  [19, "Default", undefined, undefined],
  [20, undefined, undefined, true],
  [20, "", undefined, true],
  [21, "OKD", undefined, undefined],
  [22, "OKD", undefined, true],
  [18, "TechPreviewNoUpgrade", undefined, false],
] as const)(
  "4.%i featureSet %s featureGates %j: HighlyAvailableArbiter on: %s",
  (ocpMinor, featureSet, featureGates, on) => {
    const config = { ...load("valid.yaml"), featureSet, featureGates };
    expect(arbiterGateEnabled(config, ocpMinor)).toBe(on);
  },
);

test("the defaults are the installer's: provisioning IPs, DHCP range and bridges from 172.22.0.0/24", () => {
  const config = load("valid.yaml");
  const bare = {
    ...config,
    platform: {
      baremetal: {
        ...config.platform.baremetal,
        provisioningNetwork: undefined,
        provisioningNetworkCIDR: undefined,
        bootstrapProvisioningIP: undefined,
        clusterProvisioningIP: undefined,
        externalBridge: undefined,
        provisioningBridge: undefined,
      },
    },
  };
  expect(withInstallerDefaults(bare, 14).platform.baremetal).toMatchObject({
    provisioningNetwork: "Managed",
    provisioningNetworkCIDR: "172.22.0.0/24",
    bootstrapProvisioningIP: "172.22.0.2",
    clusterProvisioningIP: "172.22.0.3",
    provisioningDHCPRange: "172.22.0.10,172.22.0.254",
    externalBridge: "baremetal",
    provisioningBridge: "provisioning",
  });
});

test("the defaults leave a disabled provisioning network without DHCP range or provisioning bridge", () => {
  const config = load("valid_provisioningDisabled_IPs_in_machineCIDR.yaml");
  const { provisioningBridge: _bridge, ...withoutBridge } = config.platform.baremetal;
  const defaulted = withInstallerDefaults({ ...config, platform: { baremetal: withoutBridge } }, 14);
  expect(defaulted.platform.baremetal.provisioningDHCPRange).toBeUndefined();
  expect(defaulted.platform.baremetal.provisioningBridge).toBeUndefined();
  expect(defaulted.platform.baremetal.provisioningNetworkCIDR).toBe("192.168.111.0/24");
});
