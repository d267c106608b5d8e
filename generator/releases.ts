// The one table of OpenShift releases: for each behaviour gen-infra depends on, the release (major, minor) whose
// installer starts it, and why. install-config.yaml writes a field only for releases that have it, the lab builds
// only what its release can install, a spec asking for something its ocp_version cannot do is an error, and the
// installer's rules (generator/installer/) apply from the release that has each. Every version gate in gen-infra
// reads this table; none holds a number of its own.
//
// Read in openshift/installer on its release branches (pkg/types, pkg/types/baremetal, the vendored openshift/api
// feature gates), where an entry names no other source: the rules for 4.9, 4.10, 4.12, 4.13 and 4.14; the arbiter,
// the feature sets, the host order and the paths of 4.19 and later in release-4.18, release-4.20 and release-4.21,
// with 4.19 placed by the dates its changes merged on main; the networking rules (pkg/types/validation and its
// networking defaults) on every release branch from release-4.9 to release-4.21. Otherwise releases after 4.14 have
// what 4.14 has.
//
// 4.22 and 5.0 are read on main, as the fork barbacbd/installer carries it (8014c320, 2026-06-18). release-4.22 itself
// was not reachable; it branched from main on 2026-04-14 or 04-15 (openshift/release "Post Branching" of 2026-04-15;
// a 4.22 boot-image update merged straight on main on 2026-04-10, 1666bda96f, the next one cherry-picked to main from
// 2026-04-29 on). So a change merged on main up to 2026-04-10 is 4.22's, one merged after 2026-04-16 is 5.0's (main
// builds 5.0 from then on: its ART images for 5.0 from 2026-06-07), and one merged between is given to 5.0 alone:
// a gate that cannot be read is not guessed. 5.0 is main 8014c320 itself.

/** An OpenShift release line, such as 4.18: major release 4, minor release 18. */
export interface Release {
  readonly major: number;
  readonly minor: number;
}

/** A behaviour from one release on; `until`, where set, is the first release without it again. */
export interface ReleaseGate {
  readonly since: Release;
  readonly until?: Release;
}

type ReleaseName = `${number}.${number}`;

export const parseRelease = (name: ReleaseName): Release => {
  const [major, minor] = name.split(".").map(Number) as [number, number];
  return { major, minor };
};
const from = (since: ReleaseName): ReleaseGate => ({ since: parseRelease(since) });
const between = (since: ReleaseName, until: ReleaseName): ReleaseGate => ({
  since: parseRelease(since),
  until: parseRelease(until),
});

/** Negative, zero or positive as `a` is older than, the same line as, or newer than `b`. */
export const compareReleases = (a: Release, b: Release): number => a.major - b.major || a.minor - b.minor;

/** "4.18" */
export const releaseName = (release: Release): string => `${release.major}.${release.minor}`;

/**
 * The release lines gen-infra writes for, oldest major first: each major release with the newest minor release whose
 * installer was read. An ocp_version past these is refused: its installer's rules are unknown.
 */
export const releaseLines = [parseRelease("4.22"), parseRelease("5.0")] as const satisfies readonly Release[];

/** A regular expression for the numbers 0 to `newest` written without leading zeros (`newest` below 100). */
function numbersUpTo(newest: number): string {
  const tens = Math.floor(newest / 10);
  const lastDigits = (upTo: number) => (upTo === 0 ? "0" : `[0-${upTo}]`);
  if (tens === 0) return lastDigits(newest);
  const fullTens = Array.from({ length: tens - 1 }, (_, i) => `${i + 1}[0-9]`);
  return ["[0-9]", ...fullTens, `${tens}${lastDigits(newest % 10)}`].join("|");
}

/**
 * An ocp_version gen-infra accepts: a released version (major.minor.patch) of one of releaseLines, no newer than its
 * newest minor. Pre-releases (5.0.0-ec.2, 4.22.0-rc.1, nightlies) are not: they come from other mirrors than the
 * released installers, and their install-config can differ from the release branch that was read.
 */
export const ocpVersionPattern = `^(${releaseLines
  .map((line) => `${line.major}\\.(${numbersUpTo(line.minor)})`)
  .join("|")})\\.(0|[1-9][0-9]*)$`;

/** The accepted release lines in words: "4.0 to 4.22, or 5.0". */
export const releaseLinesText = releaseLines
  .map((line) => (line.minor === 0 ? releaseName(line) : `${line.major}.0 to ${releaseName(line)}`))
  .join(", or ");

export const releases = {
  /** hosts[].bootMode and hosts[].rootDeviceHints: in release-4.6's baremetal Host, not in release-4.5's. */
  hostBootModeAndRootDeviceHints: from("4.6"),
  /**
   * Per-host network configuration (hosts[].networkConfig, pkg/types/baremetal), which carries the bond: before it,
   * the seed builds no bond, and gen-infra warns.
   */
  bonding: from("4.10"),
  /**
   * Only release-4.10 stops at a field it does not know: 4.9 reads install-config.yaml leniently, and from 4.11 (a
   * backport to release-4.11 of 2022-07-08) the strict read's error is a warning, and a lenient read follows.
   */
  strictUnknownFields: between("4.10", "4.11"),
  /** apiVIP and ingressVIP must differ (pkg/types/baremetal/validation). */
  apiVipNotIngressVip: from("4.10"),
  /** A UEFISecureBoot host needs a BMC driver that can do it (pkg/types/baremetal/validation, metal3's bmc). */
  secureBootNeedsDriver: from("4.10"),
  /** provisioningNetworkCIDR without host bits (pkg/types/baremetal/validation). */
  provisioningCidrHostBits: from("4.10"),
  /** Hosts sorted masters, then workers, then no role (pkg/types/baremetal/defaults); the messages index that order. */
  hostsSortedByRole: from("4.10"),
  /**
   * Hosts counted role by role, masters then workers (pkg/types/baremetal/validation validateHostsCount); before,
   * all hosts against all replicas together.
   */
  hostCountsByRole: from("4.10"),
  /** A disabled provisioning network only with virtual-media BMCs (pkg/types/baremetal/validation). */
  disabledProvisioningNeedsVirtualMedia: from("4.11"),
  /**
   * platform.baremetal.apiVIPs/ingressVIPs lists: release-4.12, validated in pkg/types/validation, the singular
   * fields copied into them (pkg/types/conversion); before, the singular fields in the platform.
   */
  vipLists: from("4.12"),
  /** networkType defaults to OVNKubernetes where install-config.yaml leaves it out; before, to OpenShiftSDN. */
  ovnKubernetesDefault: from("4.12"),
  /** Only release-4.12 reorders and checks the VIP lists as dual-stack pairs before the VIP rules (gone in 4.13). */
  ipv4FirstVips: between("4.12", "4.13"),
  /** Host names are DNS-1123 subdomains (pkg/types/baremetal/validation). */
  hostNameDns1123: from("4.12"),
  /**
   * A dual-stack bare-metal cluster may list IPv6 first (IPv6-primary); before, each of its network lists names IPv4
   * first. The same change ends releases.ipv4FirstVips.
   */
  ipv6PrimaryDualStack: from("4.13"),
  /** The featureSet field of install-config.yaml (pkg/types): in release-4.13, not in 4.12. */
  featureSetField: from("4.13"),
  /** The featureGates field of install-config.yaml (pkg/types): merged on main on 2023-06-14, so in 4.14. */
  featureGatesField: from("4.14"),
  /** A root device hint's deviceName is a /dev/ or /dev/disk/by-path/ path (pkg/types/baremetal/validation). */
  rootDeviceHintPath: from("4.14"),
  /**
   * networkType OpenShiftSDN is refused (its IPv6 and dual-stack refusals go with it), and only OVNKubernetes needs a
   * cluster network's hostPrefix; before, OpenShiftSDN did too. release-4.15 has it (a backport: main had it on
   * 2024-01-11, after the branch).
   */
  openShiftSdnRefused: from("4.15"),
  /** networkType Kuryr is refused (main, 2023-11-16, before release-4.15 branched). */
  kuryrRefused: from("4.15"),
  /**
   * Each machine, service and cluster network is checked against OVN-Kubernetes' default join, transit and
   * masquerade subnets; a network whose CIDR is no network address gets no further check; networkType compares
   * without case (main, 2025-02-05).
   */
  ovnDefaultSubnets: from("4.19"),
  /**
   * The IPv4 cluster networks share one hostPrefix, and a negative hostPrefix gets no other hostPrefix error (main,
   * 2025-01-31).
   */
  sameIpv4HostPrefix: from("4.19"),
  /** An API VIP that does not parse no longer equals an Ingress VIP that does not either (main, 2025-03-13). */
  unparsedVipsDiffer: from("4.19"),
  /**
   * The `arbiter` machine pool and host role: added on main on 2025-02-20, as validated on main of 2025-03-01, behind
   * the HighlyAvailableArbiter feature gate, with the installer's defaults for the pool (2025-03-05); first released
   * in 4.19. Hosts sort masters, arbiters, workers, no role.
   */
  arbiter: from("4.19"),
  /**
   * Paths name the YAML keys, hosts[0].bmc.address, where they named Go fields, Hosts[0].BMC.Address (main,
   * 2025-04-03, before release-4.19 branched: its boot images were still 4.19 on 2025-04-13).
   */
  yamlKeyPaths: from("4.19"),
  /**
   * In dual stack the first VIP of each list must be of the primary family of each network list (cluster, machine,
   * service), with one VIP or two; and two VIPs of which one does not parse are an error of the platform as well.
   * Before, a single VIP checked against the machine network alone (main, 2025-07-03; release-4.20 branched from main
   * of 2025-08-28).
   */
  vipFamilyPerNetwork: from("4.20"),
  /**
   * The HighlyAvailableArbiter feature gate in the Default feature set: promoted in the openshift/api vendored by
   * release-4.20; in 4.19 only TechPreviewNoUpgrade has it, and the installer refuses `arbiter` without it.
   */
  arbiterByDefault: from("4.20"),
  /**
   * The arbiter pool also on platforms none and external: validateArbiter's supported values "baremetal",
   * "external", "none" (pkg/types/validation/installconfig.go; none bb7d56e927, merged on main 2026-02-03; external
   * ef751a9235, merged 2026-02-04). Before, baremetal alone.
   */
  arbiterOnNoneOrExternal: from("4.22"),
  /**
   * The arbiter pool no longer asks for the HighlyAvailableArbiter feature gate (pkg/types/validation/installconfig.go
   * and pkg/asset/agent/installconfig.go, 580187baeb, merged on main 2026-03-25): with CustomNoUpgrade and the gate
   * off, or a feature set the installer does not know, validateArbiter runs all the same.
   */
  arbiterWithoutGate: from("4.22"),
  // Two-node OpenShift with fencing (TNF). Read in openshift/installer's code as the fork barbacbd/installer carries
  // its release branches: release-4.18 (90942023), release-4.19
  // (03b2ea1d), release-4.20 (e473406c), release-4.21 (ca5361f9) and main (8014c320, for 4.22 and 5.0 as above):
  // pkg/types/machinepools.go (Fencing, Credential), pkg/types/validation/installconfig.go (validateFencingCredentials,
  // validateCredentialsNumber, validateGatedFeatures), pkg/types/defaults/validation/featuregates.go (main:
  // pkg/types/validation/featuregates.go) and vendor/github.com/openshift/api/features/features.go (DualReplica).
  /**
   * controlPlane.fencing.credentials (hostName, username, password, address; each required, hostName and address
   * unique), exactly two of them with two control-plane replicas and no arbiter, none otherwise, behind the
   * DualReplica feature gate; release-4.18 has none of it.
   */
  twoNodeFencing: from("4.19"),
  /**
   * A credential's certificateVerification, Enabled (the default) or Disabled (main, 2025-04-29, after release-4.19
   * branched: release-4.19's Credential has no such field).
   */
  fencingCertificateVerification: from("4.20"),
  /**
   * A credential's address must be a Redfish one ("fencing only supports redfish-compatible BMC addresses, IPMI is
   * not supported") and name a port its scheme does not imply (main, 2026-02-05; not in release-4.21).
   */
  fencingRedfishOnly: from("4.22"),
  /**
   * A credential names its host by hostName or macAddress, one of them at least, hostName no longer required; the
   * defaults write each macAddress as Go prints a MAC, lower case with colons (pkg/types/defaults/machinepools.go), so
   * the rules see and show it so (main, f391dbdf2e, 2026-05-20: after release-4.22 branched).
   */
  fencingMacAddress: from("5.0"),
  /**
   * The openshift-baremetal-install binary the provision VM extracts and runs is built on RHEL 9 and dynamically
   * linked: images/baremetal/Dockerfile.ci builds it on `builder:rhel-9-golang-…` and ships it on `base-rhel9` in
   * release-4.16 (and every release branch after it, and main at 8014c320 for 5.0), on `builder:rhel-8-…` in
   * release-4.15.
   */
  installerBuiltOnRhel9: from("4.16"),
  /**
   * Single Node OpenShift refused on the baremetal platform: bootstrapInPlace set, one control-plane replica
   * (pkg/types/validation/installconfig.go ValidateInstallConfig, de68aeda03, merged on main 2026-04-16 with #10420:
   * after 2026-04-10, so 5.0's alone).
   */
  singleNodeRefusedOnBaremetal: from("5.0"),
  /**
   * platform.baremetal.provisioningNetworkGateway, the gateway the provisioning network's DHCP hands out: an IP
   * (ValidatePlatform) and, with a provisioning network, in its CIDR, not the cluster provisioning IP, not its
   * network or (IPv4, below /31) broadcast address, and outside the DHCP range (ValidateProvisioningNetworking,
   * validateDHCPRange). With it, clusterProvisioningIP is checked against the CIDR only where it is set.
   * pkg/types/baremetal/platform.go and pkg/types/baremetal/validation/platform.go, 3a247e3c11, merged on main on
   * 2026-04-10 (#10387, 23:07 UTC): by the date, 4.22's, as release-4.22 branched on 2026-04-14 or 04-15.
   */
  provisioningNetworkGateway: from("4.22"),
  /** The join subnet's overlap message tells how to read about ovnKubernetesConfig (main, 2025-11-12). */
  ovnJoinSubnetHint: from("4.21"),
  /** The OKD feature set, which an OpenShift (not OKD) installer forbids (main of 2026-03, after release-4.21). */
  okdFeatureSet: from("4.22"),
  /**
   * platform.baremetal.bmcVerifyCA, a PEM CA bundle the installer's Ironic verifies the BMCs' certificates with (and
   * the cluster's, from the bmc-verify-ca ConfigMap in openshift-machine-api). pkg/types/baremetal/platform.go has the
   * field BMCVerifyCA, JSON tag `bmcVerifyCA,omitempty`, in release-4.21 (ca5361f9, 2026-03-18) and main (8014c320,
   * 2026-06-18), not in release-4.20 (e473406c, 2026-04-15), as the fork barbacbd/installer carries them; merged on
   * main on 2025-11-22, after release-4.20 branched. No rule of pkg/types/baremetal/validation reads it, and it has no
   * default. dev-scripts turns it on from 4.22 only (ocp_install_env.sh, b688e9dd), "to be extra safe"; the field is
   * 4.21's.
   */
  bmcVerifyCA: from("4.21"),
  /**
   * platform.baremetal.loadBalancer, whose type must be OpenShiftManagedDefault or UserManaged (ValidatePlatform;
   * the installer gives a type left out no default, so it is refused too). pkg/types/baremetal/platform.go and
   * validation/platform.go, 625932f5c3, merged on main 2023-02-22 (50e40714db); release-4.13 branched from main of
   * 2023-03-03 and has it, release-4.12 has no such field.
   */
  loadBalancer: from("4.13"),
  /**
   * The load balancer refused unless featureSet is TechPreviewNoUpgrade ("load balancer is not supported in this
   * feature set"): release-4.15 has the check, release-4.16 not (generally available, f5811d9808, merged on main
   * 2024-03-14 with 927a8f27f3).
   */
  loadBalancerTechPreviewOnly: between("4.13", "4.16"),
  /**
   * platform.baremetal.dnsRecordsType (Internal, the default, or External): External only with loadBalancer.type
   * UserManaged (ValidatePlatform), and behind the OnPremDNSRecords feature gate (validateGatedFeatures), which the
   * vendored openshift/api has in DevPreviewNoUpgrade and TechPreviewNoUpgrade alone, in release-4.21 and on main.
   * pkg/types/baremetal/platform.go, defaults/platform.go, validation/platform.go and validation/featuregates.go,
   * 8f91fb56a4 with 307d0b0e4c (the gate's path), merged on main 2025-12-03 (3b6ba6b3d0): in release-4.21
   * (ca5361f9), not in release-4.20 (e473406c); unchanged on main 8014c320.
   */
  dnsRecordsType: from("4.21"),
  // The agent-based installer.
  // Read in openshift/installer (pkg/asset/agent, pkg/types/agent) on release-4.12 (2c34fc83, of 2023-04-20),
  // release-4.13 (684509489, 2023-04-20), release-4.14 (76ef6572, 2024-05-31), release-4.15 (9f1c5862, 2024-11-29),
  // release-4.16 (145d7e76, 2025-03-19), release-4.17 (b360f356, 2024-12-20), release-4.18 (90942023, 2025-08-05),
  // release-4.19 (03b2ea1d, 2025-07-21), release-4.20 (e473406c, 2026-04-15), release-4.21 (ca5361f9, 2026-03-18)
  // and main (8014c320, 2026-06-18) for 4.22 and 5.0 as above. Paths name the Go fields
  // before 4.19 and the YAML keys from it, by the same change as yamlKeyPaths.
  /** Generally available: `openshift-install agent create image`, agent-config.yaml beside install-config.yaml. */
  agentInstaller: from("4.12"),
  /**
   * install-config.yaml's own rules and the agent-based installer's are one list; release-4.12 loads the file as
   * the installer-provisioned method does and stops at its errors before the agent-based rules.
   */
  agentRulesInOneList: from("4.13"),
  /** The warning about an ignored BMC password leaves its value out (main, 2023-03-02). */
  agentQuietPasswords: from("4.13"),
  /**
   * agent-config.yaml refuses a rendezvousIP written in the networkConfig of a host whose role is set and is not
   * master (main, 2023-01-05), until the rule is about workers (agentBaremetalHosts).
   */
  agentRendezvousNotOnNonMaster: between("4.13", "4.15"),
  /** agent-config.yaml's bootArtifactsBaseURL, an absolute URI (main, 2023-06-01). */
  agentBootArtifactsBaseUrl: from("4.14"),
  /**
   * One control plane and no compute on platform none or external only, and platform none for any topology (main,
   * 2023-07-11, 2023-09-05); before, platform none is Single Node OpenShift only. The external platform with it.
   */
  agentSingleNodeOnNoneOrExternal: from("4.14"),
  /**
   * controlPlane.replicas 1 or 3 (main, 2024-02-28; release-4.14 and release-4.15 have it as backports, after their
   * .0 releases).
   */
  agentControlPlaneOneOrThree: from("4.14"),
  /**
   * The hosts are the AgentHosts asset's (main, 2023-10-20): agent-config.yaml's, or else install-config.yaml's
   * baremetal hosts, checked after agent-config.yaml's own rules pass, and a rendezvousIP in a worker's networkConfig
   * refused. The hosts' BMCs with them (main, 2023-12-06): agent-config hosts take a BMC, the provisioning network's
   * rules run when a host has a BMC address, and install-config.yaml's hosts and provisioning fields are no longer
   * warned about as ignored.
   */
  agentBaremetalHosts: from("4.15"),
  /** featureSet must be the Default one (main, 2023-12-15; release-4.15 has it as a backport). */
  agentDefaultFeatureSetOnly: between("4.15", "4.20"),
  /**
   * The rendezvousIP compared with each address of a worker's networkConfig rather than looked for in its text
   * (main, 2024-11-05; release-4.16 and release-4.17 have it as backports, after their .0 releases).
   */
  agentRendezvousByAddress: from("4.16"),
  /** controlPlane.replicas 1, 3, 4 or 5 (main, 2024-11-06). */
  agentFiveControlPlanes: from("4.18"),
  /** agent-config.yaml's minimalISO (main, 2024-10-16). */
  agentMinimalIso: from("4.18"),
  /** agent-config.yaml's NTP sources checked as the baremetal platform's NTP servers, under one path (2024-11-21). */
  agentNtpServersRule: from("4.18"),
  /** The nutanix platform (main, 2025-03-28). */
  agentNutanixPlatform: from("4.19"),
  /**
   * Host role arbiter in agent-config.yaml, any featureSet, and no arbiter replicas for Single Node OpenShift (main,
   * 2025-07-01, release-4.20 branched 2025-08-28; release-4.19 refuses the role).
   */
  agentArbiterRole: from("4.20"),
  /**
   * Two control-plane replicas are refused only by the arbiter's and fencing's own rules, and an arbiter beside them
   * must be exactly one (main, 2026-02-05 and 2026-03-17).
   */
  agentTwoNodeRules: from("4.22"),
  /**
   * The DualReplica (two nodes with fencing) feature gate in the Default feature set (main's openshift/api, 2026-04-08:
   * main 8014c320's vendored features.go has `enable(inDefault(), inOKD(), inTechPreviewNoUpgrade(),
   * inDevPreviewNoUpgrade())`; release-4.19 to release-4.21 `enableIn(configv1.DevPreviewNoUpgrade,
   * configv1.TechPreviewNoUpgrade)`).
   */
  dualReplicaByDefault: from("4.22"),
  // The OS image stream: which RHEL CoreOS the nodes run. Read in openshift/installer's main:
  // pkg/types/installconfig.go (OSImageStream), pkg/types/validation/installconfig.go (validateOSImageStream),
  // pkg/types/validation/featuregates.go (the OSStreams gate), pkg/types/defaults/installconfig.go,
  // pkg/rhcos/stream.go and the vendored openshift/api's features.go, as of 1666bda96f (2026-04-10, 4.22) and 8014c320
  // (2026-06-18, 5.0); release-4.21 (ca5361f9) has none of it.
  /**
   * The top-level osImageStream, rhel-9 or rhel-10, validated (any other value Forbidden), and any value given behind
   * the OSStreams feature gate (1cbe68b5ee, merged on main 2026-02-07), which the openshift/api main vendored on
   * 2026-03-02 (3618e5655a) has in TechPreviewNoUpgrade and DevPreviewNoUpgrade only.
   */
  osImageStream: from("4.22"),
  /**
   * The installer's defaults set osImageStream where it is left out (releases.rhel10StreamDefault says to what); the
   * value is then NotSupported unless rhel-9 or rhel-10, and only a value other than the default needs the OSStreams
   * gate (a58c93f55f, merged on main 2026-05-26, after release-4.22 branched).
   */
  osImageStreamDefault: from("5.0"),
  /**
   * The default stream is rhel-10: pkg/rhcos/stream.go's BuildDefaultOSImageStream gives rhel-9 to an installer of
   * major release 4 and rhel-10 from 5 (26aa9f5dea, 2026-06-12, merged 2026-06-13). The nodes and, on bare metal,
   * the bootstrap VM's live ISO follow the stream (ec27651001).
   */
  rhel10StreamDefault: from("5.0"),
  /**
   * The OSStreams feature gate in the Default feature set (and OKD's): main's vendored openshift/api from 9aaa34c44e
   * (2026-06-12) has `enable(inClusterProfile(SelfManaged), inDevPreviewNoUpgrade(), inTechPreviewNoUpgrade(),
   * inDefault(), inOKD())`; before, `enable(inTechPreviewNoUpgrade(), inDevPreviewNoUpgrade())`.
   */
  osStreamsByDefault: from("5.0"),
  /**
   * The agent-based installer passes osImageStream on to the cluster (AgentClusterInstall's installConfigOverrides)
   * and boots the stream's ISO (pkg/asset/agent, 6c9972ce9b, merged on main 2026-06-02). Before, it validates the
   * field as every method does and then ignores it.
   */
  agentOsImageStream: from("5.0"),
} as const satisfies Record<string, ReleaseGate>;

/** The release line of an ocp_version the schema took ("4.18.4" is 4.18). */
export const releaseOf = (ocpVersion: string): Release =>
  parseRelease(ocpVersion.split(".").slice(0, 2).join(".") as ReleaseName);

/** Whether the release has the behaviour. */
export const releaseHas = (release: Release, gate: ReleaseGate): boolean =>
  compareReleases(release, gate.since) >= 0 && (gate.until === undefined || compareReleases(release, gate.until) < 0);

/**
 * A choice a release has only behind a feature gate outside the Default feature set, from `feature` until
 * `byDefault`: there install-config.yaml sets `featureSet`, and such a cluster can never be upgraded.
 * DevPreviewNoUpgrade has each gate too, but is the less supported of the two.
 */
export interface TechnologyPreview {
  readonly feature: ReleaseGate;
  readonly byDefault: ReleaseGate;
  readonly featureSet: string;
}

export const technologyPreviews = {
  /** The HighlyAvailableArbiter gate. */
  arbiter: { feature: releases.arbiter, byDefault: releases.arbiterByDefault, featureSet: "TechPreviewNoUpgrade" },
  /** The DualReplica gate: two nodes with fencing. */
  fencing: {
    feature: releases.twoNodeFencing,
    byDefault: releases.dualReplicaByDefault,
    featureSet: "TechPreviewNoUpgrade",
  },
  /** The OSStreams gate: an explicit osImageStream. */
  osImageStream: {
    feature: releases.osImageStream,
    byDefault: releases.osStreamsByDefault,
    featureSet: "TechPreviewNoUpgrade",
  },
} as const satisfies Record<string, TechnologyPreview>;

/** Whether the release has the choice only as a Technology Preview. */
export const inTechnologyPreview = (release: Release, preview: TechnologyPreview): boolean =>
  releaseHas(release, preview.feature) && !releaseHas(release, preview.byDefault);

/**
 * The release `gen-infra init` scaffolds a lab for: 4.20, the newest extended-update-support (EUS) release, read on
 * the installer's release-4.20 branch, where the arbiter is generally available and every field gen-infra writes
 * is known. Such releases install from a RHEL 9 provision VM (the installer binaries need RHEL 9's libraries).
 */
export const scaffoldRelease = { ocpVersion: "4.20.0", provisionImage: "rhel9.qcow2" } as const;
