// The one table of OpenShift releases: for each behaviour gen-infra depends on, the 4.x minor release whose
// installer starts it, and why. install-config.yaml writes a field only for releases that have it, the lab builds
// only what its release can install, a spec asking for something its ocp_version cannot do is an error, and the
// installer's rules (generator/installer/) apply from the release that has each. Every version gate in gen-infra
// reads this table; none holds a number of its own.
//
// Read in openshift/installer on its release branches (pkg/types, pkg/types/baremetal, the vendored openshift/api
// feature gates), where an entry names no other source: the rules for 4.9, 4.10, 4.12, 4.13 and 4.14; the arbiter,
// the feature sets, the host order and the paths of 4.19 and later in release-4.18, release-4.20, release-4.21 and
// main of 2026-03, with 4.19 placed by the dates its changes merged on main; the networking rules (pkg/types/validation
// and its networking defaults) on every release branch from release-4.9 to release-4.23. Otherwise releases after
// 4.14 have what 4.14 has.

/** A behaviour from one minor release on; `until`, where set, is the first minor release without it again. */
export interface ReleaseGate {
  readonly since: number;
  readonly until?: number;
}

export const releases = {
  /** hosts[].bootMode and hosts[].rootDeviceHints: in release-4.6's baremetal Host, not in release-4.5's. */
  hostBootModeAndRootDeviceHints: { since: 6 },
  /**
   * Per-host network configuration (hosts[].networkConfig, pkg/types/baremetal), which carries the bond: before it,
   * the seed builds no bond, and gen-infra warns.
   */
  bonding: { since: 10 },
  /**
   * Only release-4.10 stops at a field it does not know: 4.9 reads install-config.yaml leniently, and from 4.11 (a
   * backport to release-4.11 of 2022-07-08) the strict read's error is a warning, and a lenient read follows.
   */
  strictUnknownFields: { since: 10, until: 11 },
  /** apiVIP and ingressVIP must differ (pkg/types/baremetal/validation). */
  apiVipNotIngressVip: { since: 10 },
  /** A UEFISecureBoot host needs a BMC driver that can do it (pkg/types/baremetal/validation, metal3's bmc). */
  secureBootNeedsDriver: { since: 10 },
  /** provisioningNetworkCIDR without host bits (pkg/types/baremetal/validation). */
  provisioningCidrHostBits: { since: 10 },
  /** Hosts sorted masters, then workers, then no role (pkg/types/baremetal/defaults); the messages index that order. */
  hostsSortedByRole: { since: 10 },
  /**
   * Hosts counted role by role, masters then workers (pkg/types/baremetal/validation validateHostsCount); before,
   * all hosts against all replicas together.
   */
  hostCountsByRole: { since: 10 },
  /** A disabled provisioning network only with virtual-media BMCs (pkg/types/baremetal/validation). */
  disabledProvisioningNeedsVirtualMedia: { since: 11 },
  /**
   * platform.baremetal.apiVIPs/ingressVIPs lists: release-4.12, validated in pkg/types/validation, the singular
   * fields copied into them (pkg/types/conversion); before, the singular fields in the platform.
   */
  vipLists: { since: 12 },
  /** networkType defaults to OVNKubernetes where install-config.yaml leaves it out; before, to OpenShiftSDN. */
  ovnKubernetesDefault: { since: 12 },
  /** Only release-4.12 reorders and checks the VIP lists as dual-stack pairs before the VIP rules (gone in 4.13). */
  ipv4FirstVips: { since: 12, until: 13 },
  /** Host names are DNS-1123 subdomains (pkg/types/baremetal/validation). */
  hostNameDns1123: { since: 12 },
  /**
   * A dual-stack bare-metal cluster may list IPv6 first (IPv6-primary); before, each of its network lists names IPv4
   * first. The same change ends releases.ipv4FirstVips.
   */
  ipv6PrimaryDualStack: { since: 13 },
  /** The featureSet field of install-config.yaml (pkg/types): in release-4.13, not in 4.12. */
  featureSetField: { since: 13 },
  /** The featureGates field of install-config.yaml (pkg/types): merged on main on 2023-06-14, so in 4.14. */
  featureGatesField: { since: 14 },
  /** A root device hint's deviceName is a /dev/ or /dev/disk/by-path/ path (pkg/types/baremetal/validation). */
  rootDeviceHintPath: { since: 14 },
  /**
   * networkType OpenShiftSDN is refused (its IPv6 and dual-stack refusals go with it), and only OVNKubernetes needs a
   * cluster network's hostPrefix; before, OpenShiftSDN did too. release-4.15 has it (a backport: main had it on
   * 2024-01-11, after the branch).
   */
  openShiftSdnRefused: { since: 15 },
  /** networkType Kuryr is refused (main, 2023-11-16, before release-4.15 branched). */
  kuryrRefused: { since: 15 },
  /**
   * Each machine, service and cluster network is checked against OVN-Kubernetes' default join, transit and
   * masquerade subnets; a network whose CIDR is no network address gets no further check; networkType compares
   * without case (main, 2025-02-05).
   */
  ovnDefaultSubnets: { since: 19 },
  /**
   * The IPv4 cluster networks share one hostPrefix, and a negative hostPrefix gets no other hostPrefix error (main,
   * 2025-01-31).
   */
  sameIpv4HostPrefix: { since: 19 },
  /** An API VIP that does not parse no longer equals an Ingress VIP that does not either (main, 2025-03-13). */
  unparsedVipsDiffer: { since: 19 },
  /**
   * The `arbiter` machine pool and host role: added on main on 2025-02-20, as validated on main of 2025-03-01, behind
   * the HighlyAvailableArbiter feature gate, with the installer's defaults for the pool (2025-03-05); first released
   * in 4.19. Hosts sort masters, arbiters, workers, no role.
   */
  arbiter: { since: 19 },
  /**
   * Paths name the YAML keys, hosts[0].bmc.address, where they named Go fields, Hosts[0].BMC.Address (main,
   * 2025-04-03, before release-4.19 branched: its boot images were still 4.19 on 2025-04-13).
   */
  yamlKeyPaths: { since: 19 },
  /**
   * In dual stack the first VIP of each list must be of the primary family of each network list (cluster, machine,
   * service), with one VIP or two; and two VIPs of which one does not parse are an error of the platform as well.
   * Before, a single VIP checked against the machine network alone (main, 2025-07-03; release-4.20 branched from main
   * of 2025-08-28).
   */
  vipFamilyPerNetwork: { since: 20 },
  /**
   * The HighlyAvailableArbiter feature gate in the Default feature set: promoted in the openshift/api vendored by
   * release-4.20; in 4.19 only TechPreviewNoUpgrade has it, and the installer refuses `arbiter` without it.
   */
  arbiterByDefault: { since: 20 },
  // Two-node OpenShift with fencing (TNF). Read in openshift/installer's code as the fork barbacbd/installer carries
  // its release branches: release-4.18 (90942023), release-4.19
  // (03b2ea1d), release-4.20 (e473406c), release-4.21 (ca5361f9) and main (8014c320, taken for 4.22):
  // pkg/types/machinepools.go (Fencing, Credential), pkg/types/validation/installconfig.go (validateFencingCredentials,
  // validateCredentialsNumber, validateGatedFeatures), pkg/types/defaults/validation/featuregates.go (main:
  // pkg/types/validation/featuregates.go) and vendor/github.com/openshift/api/features/features.go (DualReplica).
  /**
   * controlPlane.fencing.credentials (hostName, username, password, address; each required, hostName and address
   * unique), exactly two of them with two control-plane replicas and no arbiter, none otherwise, behind the
   * DualReplica feature gate; release-4.18 has none of it.
   */
  twoNodeFencing: { since: 19 },
  /**
   * A credential's certificateVerification, Enabled (the default) or Disabled (main, 2025-04-29, after release-4.19
   * branched: release-4.19's Credential has no such field).
   */
  fencingCertificateVerification: { since: 20 },
  /**
   * A credential's address must be a Redfish one ("fencing only supports redfish-compatible BMC addresses, IPMI is
   * not supported") and name a port its scheme does not imply (main, 2026-02-05; not in release-4.21).
   */
  fencingRedfishOnly: { since: 22 },
  /** A credential names its host by hostName or macAddress, one of them at least, hostName no longer required (main, 2026-05-20). */
  fencingMacAddress: { since: 22 },
  /** The join subnet's overlap message tells how to read about ovnKubernetesConfig (main, 2025-11-12). */
  ovnJoinSubnetHint: { since: 21 },
  /** The OKD feature set, which an OpenShift (not OKD) installer forbids (main of 2026-03, after release-4.21). */
  okdFeatureSet: { since: 22 },
  /**
   * platform.baremetal.bmcVerifyCA, a PEM CA bundle the installer's Ironic verifies the BMCs' certificates with (and
   * the cluster's, from the bmc-verify-ca ConfigMap in openshift-machine-api). pkg/types/baremetal/platform.go has the
   * field BMCVerifyCA, JSON tag `bmcVerifyCA,omitempty`, in release-4.21 (ca5361f9, 2026-03-18) and main (8014c320,
   * 2026-06-18), not in release-4.20 (e473406c, 2026-04-15), as the fork barbacbd/installer carries them; merged on
   * main on 2025-11-22, after release-4.20 branched. No rule of pkg/types/baremetal/validation reads it, and it has no
   * default. dev-scripts turns it on from 4.22 only (ocp_install_env.sh, b688e9dd), "to be extra safe"; the field is
   * 4.21's.
   */
  bmcVerifyCA: { since: 21 },
  // The agent-based installer.
  // Read in openshift/installer (pkg/asset/agent, pkg/types/agent) on release-4.12 (2c34fc83, of 2023-04-20),
  // release-4.13 (684509489, 2023-04-20), release-4.14 (76ef6572, 2024-05-31), release-4.15 (9f1c5862, 2024-11-29),
  // release-4.16 (145d7e76, 2025-03-19), release-4.17 (b360f356, 2024-12-20), release-4.18 (90942023, 2025-08-05),
  // release-4.19 (03b2ea1d, 2025-07-21), release-4.20 (e473406c, 2026-04-15), release-4.21 (ca5361f9, 2026-03-18)
  // and main (8014c320, 2026-06-18), which is taken for 4.22 (release-4.22 was not read). Paths name the Go fields
  // before 4.19 and the YAML keys from it, by the same change as yamlKeyPaths.
  /** Generally available: `openshift-install agent create image`, agent-config.yaml beside install-config.yaml. */
  agentInstaller: { since: 12 },
  /**
   * install-config.yaml's own rules and the agent-based installer's are one list; release-4.12 loads the file as
   * the installer-provisioned method does and stops at its errors before the agent-based rules.
   */
  agentRulesInOneList: { since: 13 },
  /** The warning about an ignored BMC password leaves its value out (main, 2023-03-02). */
  agentQuietPasswords: { since: 13 },
  /**
   * agent-config.yaml refuses a rendezvousIP written in the networkConfig of a host whose role is set and is not
   * master (main, 2023-01-05), until the rule is about workers (agentBaremetalHosts).
   */
  agentRendezvousNotOnNonMaster: { since: 13, until: 15 },
  /** agent-config.yaml's bootArtifactsBaseURL, an absolute URI (main, 2023-06-01). */
  agentBootArtifactsBaseUrl: { since: 14 },
  /**
   * One control plane and no compute on platform none or external only, and platform none for any topology (main,
   * 2023-07-11, 2023-09-05); before, platform none is Single Node OpenShift only. The external platform with it.
   */
  agentSingleNodeOnNoneOrExternal: { since: 14 },
  /**
   * controlPlane.replicas 1 or 3 (main, 2024-02-28; release-4.14 and release-4.15 have it as backports, after their
   * .0 releases).
   */
  agentControlPlaneOneOrThree: { since: 14 },
  /**
   * The hosts are the AgentHosts asset's (main, 2023-10-20): agent-config.yaml's, or else install-config.yaml's
   * baremetal hosts, checked after agent-config.yaml's own rules pass, and a rendezvousIP in a worker's networkConfig
   * refused. The hosts' BMCs with them (main, 2023-12-06): agent-config hosts take a BMC, the provisioning network's
   * rules run when a host has a BMC address, and install-config.yaml's hosts and provisioning fields are no longer
   * warned about as ignored.
   */
  agentBaremetalHosts: { since: 15 },
  /** featureSet must be the Default one (main, 2023-12-15; release-4.15 has it as a backport). */
  agentDefaultFeatureSetOnly: { since: 15, until: 20 },
  /**
   * The rendezvousIP compared with each address of a worker's networkConfig rather than looked for in its text
   * (main, 2024-11-05; release-4.16 and release-4.17 have it as backports, after their .0 releases).
   */
  agentRendezvousByAddress: { since: 16 },
  /** controlPlane.replicas 1, 3, 4 or 5 (main, 2024-11-06). */
  agentFiveControlPlanes: { since: 18 },
  /** agent-config.yaml's minimalISO (main, 2024-10-16). */
  agentMinimalIso: { since: 18 },
  /** agent-config.yaml's NTP sources checked as the baremetal platform's NTP servers, under one path (2024-11-21). */
  agentNtpServersRule: { since: 18 },
  /** The nutanix platform (main, 2025-03-28). */
  agentNutanixPlatform: { since: 19 },
  /**
   * Host role arbiter in agent-config.yaml, any featureSet, and no arbiter replicas for Single Node OpenShift (main,
   * 2025-07-01, release-4.20 branched 2025-08-28; release-4.19 refuses the role).
   */
  agentArbiterRole: { since: 20 },
  /**
   * Two control-plane replicas are refused only by the arbiter's and fencing's own rules, and an arbiter beside them
   * must be exactly one (main, 2026-02-05 and 2026-03-17).
   */
  agentTwoNodeRules: { since: 22 },
  /**
   * The DualReplica (two nodes with fencing) feature gate in the Default feature set (main's openshift/api, 2026-04-08:
   * main 8014c320's vendored features.go has `enable(inDefault(), inOKD(), inTechPreviewNoUpgrade(),
   * inDevPreviewNoUpgrade())`; release-4.19 to release-4.21 `enableIn(configv1.DevPreviewNoUpgrade,
   * configv1.TechPreviewNoUpgrade)`).
   */
  dualReplicaByDefault: { since: 22 },
} as const satisfies Record<string, ReleaseGate>;

/** Whether OpenShift 4.<minor> has the behaviour. */
/** The 4.x minor release of an ocp_version the schema took ("4.18.4" is 18). */
export const ocpMinorOf = (ocpVersion: string): number => Number(ocpVersion.split(".")[1]);

export const releaseHas = (minor: number, gate: ReleaseGate): boolean =>
  minor >= gate.since && (gate.until === undefined || minor < gate.until);

/** The feature set an arbiter cluster needs before releases.arbiterByDefault; such a cluster can never be upgraded. */
export const arbiterTechPreviewFeatureSet = "TechPreviewNoUpgrade";
/**
 * The feature set a two-node cluster with fencing needs before releases.dualReplicaByDefault (DevPreviewNoUpgrade has
 * the gate too, but is the less supported of the two); such a cluster can never be upgraded either.
 */
export const fencingTechPreviewFeatureSet = "TechPreviewNoUpgrade";

/**
 * The release `gen-infra init` scaffolds a lab for: 4.20, the newest extended-update-support (EUS) release, read on
 * the installer's release-4.20 branch, where the arbiter is generally available and every field gen-infra writes
 * is known. Such releases install from a RHEL 9 provision VM (the installer binaries need RHEL 9's libraries).
 */
export const scaffoldRelease = { ocpVersion: "4.20.0", provisionImage: "rhel9.qcow2" } as const;
