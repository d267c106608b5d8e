// The networking rules, given → want: the lists themselves (networking.ts, with host-prefix.ts and ovn-subnets.ts),
// the families they carry (ip-families.ts), the VIPs' families (vips.ts), and the defaults that fill what a config
// leaves out. Each case starts from the installer's own test base (base.yaml); the fixtures hold its own cases.
import type { BaremetalInstallConfig, InstallConfig } from "../../../generator/installer/install-config-types";
import { installerErrors } from "../../../generator/installer";
import { withInstallerDefaults } from "../../../generator/installer/defaults";
import { readNetworks } from "../../../generator/installer/networks";
import { networkingErrors } from "../../../generator/installer/networking";
import { ipFamilyErrors } from "../../../generator/installer/ip-families";
import { lines, load } from "./cases";
import type { Release } from "../../../generator/releases";
import { parseRelease } from "../../../generator/releases";

type Networking = Partial<InstallConfig["networking"]>;

const base = load("base.yaml");
const dual: Networking = {
  machineNetwork: [{ cidr: "10.0.0.0/16" }, { cidr: "ffd0::/48" }],
  serviceNetwork: ["172.30.0.0/16", "ffd1::/112"],
  clusterNetwork: [
    { cidr: "192.168.1.0/24", hostPrefix: 28 },
    { cidr: "ffd2::/48", hostPrefix: 64 },
  ],
};
const given = (
  networking: Networking,
  vips?: { apiVIPs: string[]; ingressVIPs: string[] },
): BaremetalInstallConfig => ({
  ...base,
  networking: { ...base.networking, ...networking },
  platform: { baremetal: { ...base.platform.baremetal, ...vips } },
});
const networkingOf = (config: InstallConfig, release: Release) =>
  lines(networkingErrors(config, readNetworks(config).networks, release));
const familiesOf = (config: InstallConfig, release: Release) =>
  lines(ipFamilyErrors(config, readNetworks(config).networks, release));

const join = "must not overlap with OVNKubernetes default internal subnet 100.64.0.0/16";
const explain =
  ": please run 'openshift-install explain installconfig.networking.ovnKubernetesConfig.ipv4' for further documentation";

describe("networking.ts: the lists, their CIDRs, overlaps and hostPrefix", () => {
  test.each([
    [
      "a CIDR with host bits",
      14,
      { serviceNetwork: ["13.0.128.0/16"] },
      [
        'networking.serviceNetwork[0]: Invalid value: "13.0.128.0/16": invalid network address. got 13.0.128.0/16, expecting 13.0.0.0/16',
      ],
    ],
    [
      "no address",
      14,
      { serviceNetwork: ["::/112"] },
      ['networking.serviceNetwork[0]: Invalid value: "::/112": address must be specified'],
    ],
    [
      "an IPv4 service network under /12",
      14,
      { serviceNetwork: ["172.0.0.0/11"] },
      [
        'networking.serviceNetwork[0]: Invalid value: "172.0.0.0/11": subnet size for IPv4 service network must be /12 or greater (/16 is recommended)',
      ],
    ],
    ["an IPv6 service network of /108", 14, { ...dual, serviceNetwork: ["172.30.0.0/16", "ffd1::/108"] }, []],
    [
      "a service network in the machine network",
      14,
      { serviceNetwork: ["10.0.2.0/24"] },
      [
        'networking.serviceNetwork[0]: Invalid value: "10.0.2.0/24": service network must not overlap with any of the machine networks',
      ],
    ],
    [
      "a cluster network in an earlier one",
      14,
      {
        clusterNetwork: [
          { cidr: "12.0.0.0/16", hostPrefix: 28 },
          { cidr: "12.0.3.0/24", hostPrefix: 28 },
        ],
      },
      [
        'networking.clusterNetwork[1].cidr: Invalid value: "12.0.3.0/24": cluster network must not overlap with cluster network 0',
      ],
    ],
    [
      "a cluster network with host bits, and a hostPrefix too short: both before 4.19",
      18,
      { clusterNetwork: [{ cidr: "192.168.1.128/24", hostPrefix: 20 }] },
      [
        'networking.clusterNetwork[0].cidr: Invalid value: "192.168.1.128/24": invalid network address. got 192.168.1.128/24, expecting 192.168.1.0/24',
        "networking.clusterNetwork[0].hostPrefix: Invalid value: 20: cluster network host subnetwork prefix must not be larger size than CIDR 192.168.1.128/24",
      ],
    ],
    [
      "the same from 4.19: a wrong CIDR is the network's only error",
      19,
      { clusterNetwork: [{ cidr: "192.168.1.128/24", hostPrefix: 20 }] },
      [
        'networking.clusterNetwork[0].cidr: Invalid value: "192.168.1.128/24": invalid network address. got 192.168.1.128/24, expecting 192.168.1.0/24',
      ],
    ],
    [
      "a negative hostPrefix before 4.19",
      18,
      { clusterNetwork: [{ cidr: "192.168.1.0/24", hostPrefix: -23 }] },
      [
        "networking.clusterNetwork[0].hostPrefix: Invalid value: -23: cluster network host subnetwork prefix must not be larger size than CIDR 192.168.1.0/24",
        "networking.clusterNetwork[0].hostPrefix: Invalid value: -23: hostPrefix must be positive",
      ],
    ],
    [
      "a negative hostPrefix from 4.19",
      19,
      { clusterNetwork: [{ cidr: "192.168.1.0/24", hostPrefix: -23 }] },
      ["networking.clusterNetwork[0].hostPrefix: Invalid value: -23: hostPrefix must be positive"],
    ],
    [
      "an IPv6 hostPrefix of 72",
      14,
      {
        ...dual,
        clusterNetwork: [
          { cidr: "192.168.1.0/24", hostPrefix: 28 },
          { cidr: "ffd2::/48", hostPrefix: 72 },
        ],
      },
      [
        "networking.clusterNetwork[1].hostPrefix: Invalid value: 72: cluster network host subnetwork prefix must be 64 for IPv6 networks",
      ],
    ],
    [
      "IPv4 hostPrefixes that differ, before 4.19",
      18,
      {
        clusterNetwork: [
          { cidr: "192.168.1.0/24", hostPrefix: 28 },
          { cidr: "192.168.2.0/24", hostPrefix: 30 },
        ],
      },
      [],
    ],
    [
      "no hostPrefix for a plugin without one",
      14,
      { networkType: "HostPrefixNotRequiredPlugin", clusterNetwork: [{ cidr: "192.168.1.0/24" }] },
      [],
    ],
    [
      "no hostPrefix for OpenShiftSDN, which needs one until 4.15",
      14,
      { networkType: "OpenShiftSDN", clusterNetwork: [{ cidr: "192.168.1.0/24" }] },
      [
        "networking.clusterNetwork[0].hostPrefix: Invalid value: 0: cluster network host subnetwork prefix must not be larger size than CIDR 192.168.1.0/24",
      ],
    ],
    [
      "OpenShiftSDN from 4.15",
      15,
      { networkType: "OpenShiftSDN", clusterNetwork: [{ cidr: "192.168.1.0/24" }] },
      [
        'networking.networkType: Invalid value: "OpenShiftSDN": networkType OpenShiftSDN is not supported, please use OVNKubernetes',
      ],
    ],
    [
      "no plugin, which the defaults fill in before",
      14,
      { networkType: "" },
      ["networking.networkType: Required value: network provider type required"],
    ],
    ["OVN-Kubernetes' join subnet before 4.19", 18, { serviceNetwork: ["100.64.2.0/24"] }, []],
    [
      "OVN-Kubernetes' join subnet from 4.19",
      19,
      { serviceNetwork: ["100.64.2.0/24"] },
      [`networking.serviceNetwork[0]: Invalid value: "100.64.2.0/24": ${join}`],
    ],
    [
      "the same from 4.21",
      21,
      { serviceNetwork: ["100.64.2.0/24"] },
      [`networking.serviceNetwork[0]: Invalid value: "100.64.2.0/24": ${join}${explain}`],
    ],
    [
      "the plugin's name in other case",
      19,
      { networkType: "ovnkubernetes", serviceNetwork: ["100.64.2.0/24"] },
      [`networking.serviceNetwork[0]: Invalid value: "100.64.2.0/24": ${join}`],
    ],
    [
      "OVN-Kubernetes' IPv6 masquerade subnet",
      19,
      { ...dual, machineNetwork: [{ cidr: "10.0.0.0/16" }, { cidr: "fd69::/48" }] },
      [
        'networking.machineNetwork[1]: Invalid value: "fd69::/48": must not overlap with OVNKubernetes default masquerade subnet fd69::/112',
      ],
    ],
  ] as const)("%s (4.%i)", (_, release, networking, want) => {
    expect(networkingOf(given(networking as Networking), parseRelease(`4.${release}`))).toEqual(want);
  });
});

describe("ip-families.ts: single stack, dual stack, and which family comes first", () => {
  test.each([
    ["IPv4, one service network", 14, {}, []],
    [
      "IPv4, two service networks",
      14,
      { serviceNetwork: ["172.30.0.0/16", "172.31.0.0/16"] },
      [
        'networking.serviceNetwork: Invalid value: "172.30.0.0/16, 172.31.0.0/16": only one service network can be specified',
      ],
    ],
    [
      "IPv6",
      14,
      {
        machineNetwork: [{ cidr: "ffd0::/48" }],
        serviceNetwork: ["ffd1::/112"],
        clusterNetwork: [{ cidr: "ffd2::/48", hostPrefix: 64 }],
      },
      [],
    ],
    [
      "IPv6 on OpenShiftSDN",
      14,
      { networkType: "OpenShiftSDN", serviceNetwork: ["ffd1::/112"] },
      ['networking.networkType: Invalid value: "OpenShiftSDN": IPv6 is not supported for this networking plugin'],
    ],
    [
      "dual stack on OpenShiftSDN",
      14,
      { ...dual, networkType: "OpenShiftSDN" },
      [
        'networking.networkType: Invalid value: "OpenShiftSDN": dual-stack IPv4/IPv6 is not supported for this networking plugin',
      ],
    ],
    ["dual stack, IPv4 first", 14, dual, []],
    [
      "dual stack with three service networks",
      14,
      { ...dual, serviceNetwork: ["172.30.0.0/16", "ffd1::/112", "ffd3::/112"] },
      [
        'networking.serviceNetwork: Invalid value: "172.30.0.0/16, ffd1::/112, ffd3::/112": when installing dual-stack IPv4/IPv6 you must provide two service networks, one for each IP address type',
      ],
    ],
    [
      "dual stack, no IPv4 cluster network",
      14,
      { ...dual, clusterNetwork: [{ cidr: "ffd2::/48", hostPrefix: 64 }] },
      [
        'networking.clusterNetwork: Invalid value: "ffd2::/48": dual-stack IPv4/IPv6 requires an IPv4 network in this list',
      ],
    ],
    [
      "dual stack, the cluster networks IPv6 first, before 4.13",
      12,
      { ...dual, clusterNetwork: [...dual.clusterNetwork!].reverse() },
      [
        'networking.clusterNetwork: Invalid value: "ffd2::/48, 192.168.1.0/24": IPv4 addresses must be listed before IPv6 addresses',
      ],
    ],
    ["the same from 4.13", 13, { ...dual, clusterNetwork: [...dual.clusterNetwork!].reverse() }, []],
  ] as const)("%s (4.%i)", (_, release, networking, want) => {
    expect(familiesOf(given(networking as Networking), parseRelease(`4.${release}`))).toEqual(want);
  });
});

describe("vips.ts: the VIPs' families in dual stack", () => {
  const api = (detail: string) => `platform.baremetal.apiVIPs: Invalid value: "ffd0::5": ${detail}`;
  const perList = (list: string) => api(`${list} primary IP Family and primary IP family for the API VIP should match`);
  test.each([
    [
      "one IPv6 VIP, the machine networks IPv4 first",
      19,
      ["ffd0::5"],
      ["10.0.0.4"],
      [
        api(
          "VIP for the API must be of the same IP family with machine network's primary IP Family for dual-stack IPv4/IPv6",
        ),
      ],
    ],
    [
      "the same from 4.20: each list's primary family",
      20,
      ["ffd0::5"],
      ["10.0.0.4"],
      [perList("clusterNetwork"), perList("machineNetwork"), perList("serviceNetwork")],
    ],
    ["a pair, IPv6 first, before 4.20", 19, ["ffd0::5", "10.0.0.5"], ["10.0.0.4"], []],
    [
      "a pair, IPv6 first, from 4.20",
      20,
      ["ffd0::5", "10.0.0.5"],
      ["10.0.0.4"],
      [perList("clusterNetwork"), perList("machineNetwork"), perList("serviceNetwork")],
    ],
    [
      "a pair with one VIP that does not parse, from 4.20",
      20,
      ["10.0.0.5", "x"],
      ["10.0.0.4"],
      [
        'platform.baremetal.apiVIPs: Invalid value: "x": "x" is not a valid IP',
        'platform.baremetal.apiVIPs: Invalid value: "x": IP expected to be in one of the machine networks: 10.0.0.0/16,ffd0::/48',
        'platform.baremetal.apiVIPs: Invalid value: []string{"10.0.0.5", "x"}: If two API VIPs are given, one must be an IPv4 address, the other an IPv6',
        'platform.baremetal: Invalid value: validation.vips{API:[]string{"10.0.0.5", "x"}, Ingress:[]string{"10.0.0.4"}}: invalid IP[1]: x',
      ],
    ],
  ] as const)("%s (4.%i)", (_, release, apiVIPs, ingressVIPs, want) => {
    const config = given(dual, { apiVIPs: [...apiVIPs], ingressVIPs: [...ingressVIPs] });
    expect(lines(installerErrors(config, parseRelease(`4.${release}`)))).toEqual(want);
  });

  test.each([
    [18, ['platform.baremetal.apiVIPs: Invalid value: "x": VIP for API must not be one of the Ingress VIPs']],
    [19, []],
  ])("4.%i: an API VIP and an Ingress VIP that do not parse are equal until 4.19", (release, want) => {
    const config = given({}, { apiVIPs: ["x"], ingressVIPs: ["y"] });
    const equal = installerErrors(config, parseRelease(`4.${release}`)).filter((e) =>
      e.message.includes("must not be one of"),
    );
    expect(lines(equal)).toEqual(want);
  });
});

describe("defaults.ts: the networks a config leaves out", () => {
  test.each([
    [11, "OpenShiftSDN"],
    [12, "OVNKubernetes"],
  ])("4.%i: networkType %s, one IPv4 network in each list", (release, networkType) => {
    const config = { ...base, networking: { machineNetwork: [] } };
    expect(withInstallerDefaults(config, parseRelease(`4.${release}`)).networking).toEqual({
      networkType,
      machineNetwork: [{ cidr: "10.0.0.0/16" }],
      serviceNetwork: ["172.30.0.0/16"],
      clusterNetwork: [{ cidr: "10.128.0.0/14", hostPrefix: 23 }],
    });
  });

  test("a CIDR that does not parse stops the installer at reading the file", () => {
    const config = given({ serviceNetwork: ["172.30.0.0/33"] }, { apiVIPs: ["x"], ingressVIPs: [] });
    expect(lines(installerErrors(config, parseRelease("4.14")))).toEqual([
      'networking.serviceNetwork[0]: Invalid value: "172.30.0.0/33": invalid CIDR address: 172.30.0.0/33',
    ]);
  });
});
