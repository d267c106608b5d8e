// The installer's defaults, which every rule sees.
import { withInstallerDefaults } from "../../../generator/installer/defaults";
import { load } from "./cases";
import { parseRelease } from "../../../generator/releases";

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
  expect(withInstallerDefaults(bare, parseRelease("4.14")).platform.baremetal!).toMatchObject({
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
  const defaulted = withInstallerDefaults({ ...config, platform: { baremetal: withoutBridge } }, parseRelease("4.14"))
    .platform.baremetal!;
  expect(defaulted.provisioningDHCPRange).toBeUndefined();
  expect(defaulted.provisioningBridge).toBeUndefined();
  expect(defaulted.provisioningNetworkCIDR).toBe("192.168.111.0/24");
});

test.each([
  ["4.21", undefined, undefined],
  ["4.22", undefined, undefined],
  ["4.22", "rhel-10", "rhel-10"],
  ["5.0", undefined, "rhel-10"],
  ["5.0", "", "rhel-10"],
  ["5.0", "rhel-9", "rhel-9"],
] as const)("%s: osImageStream %j defaults to %j", (release, given, want) => {
  const config = { ...load("valid.yaml"), osImageStream: given };
  expect(withInstallerDefaults(config, parseRelease(release)).osImageStream).toBe(want);
});

// release-4.21 (ca5361f9) pkg/types/baremetal/defaults/platform_test.go TestSetPlatformDefaults: every case's
// expected platform gains DNSRecordsType Internal; release-4.20's type has no such field.
test.each([
  ["4.20", undefined, undefined],
  ["4.21", undefined, "Internal"],
  ["4.21", "", "Internal"],
  ["4.21", "External", "External"],
  ["5.0", undefined, "Internal"],
] as const)("%s: dnsRecordsType %j defaults to %j", (release, given, want) => {
  const config = load("valid.yaml");
  const platform = { ...config.platform.baremetal, dnsRecordsType: given };
  const defaulted = withInstallerDefaults({ ...config, platform: { baremetal: platform } }, parseRelease(release));
  expect(defaulted.platform.baremetal!.dnsRecordsType).toBe(want);
});
