// The installer's rules held against the installer's own test cases: each fixture is one case as an install-config
// (its header names the case), expected.json says what the installer reports for it. All findings must match, in
// any order: a case the installer's test matches on one message may rightly give more, and expected.json lists them.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { parse } from "yaml";
import type { InstallConfig } from "../../../generator/artefacts/install-config-types";
import {
  formatFinding,
  installerFindings,
  withInstallerDefaults,
  type Finding,
} from "../../../generator/artefacts/installer-validation";

const folder = fileURLToPath(new URL("../../../fixtures/installer/", import.meta.url));

interface Expectation {
  readonly ocpMinor: number;
  readonly source: string;
  readonly note?: string;
  readonly findings: readonly Finding[];
}

const expected = JSON.parse(readFileSync(path.join(folder, "expected.json"), "utf8")) as Record<string, Expectation>;
const caseFiles = readdirSync(folder)
  .filter((file) => file !== "expected.json")
  .sort();

// Fixtures hold what a user could write, including values outside the types: the rules must read them anyway.
const load = (file: string) => parse(readFileSync(path.join(folder, file), "utf8")) as InstallConfig;
const lines = (findings: readonly Finding[]) => findings.map(formatFinding).sort();

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
    expect(lines(installerFindings(load(file), ocpMinor))).toEqual([]);
  },
);

test.each(table.filter(([, , want]) => want.findings.length > 0))(
  "%s (4.%i): what the installer reports, and nothing else",
  (file, ocpMinor, want) => {
    expect(lines(installerFindings(load(file), ocpMinor))).toEqual(lines(want.findings));
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
