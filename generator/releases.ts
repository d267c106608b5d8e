// The one table of OpenShift releases: for each behaviour gen-infra depends on, the 4.x minor release whose
// installer starts it, and why. install-config.yaml writes a field only for releases that have it, the lab builds
// only what its release can install, a spec asking for something its ocp_version cannot do is an error, and the
// installer's rules (generator/installer/) apply from the release that has each. Every version gate in gen-infra
// reads this table; none holds a number of its own.
//
// Read in openshift/installer on its release branches (pkg/types, pkg/types/baremetal, the vendored openshift/api
// feature gates), where an entry names no other source: the rules for 4.9, 4.10, 4.12, 4.13 and 4.14; the arbiter,
// the feature sets, the host order and the paths of 4.19 and later in release-4.18, release-4.20, release-4.21 and
// main of 2026-03, with 4.19 placed by the dates its changes merged on main. Otherwise releases after 4.14 have
// what 4.14 has.

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
  /** Only release-4.12 reorders and checks the VIP lists as dual-stack pairs before the VIP rules (gone in 4.13). */
  ipv4FirstVips: { since: 12, until: 13 },
  /** Host names are DNS-1123 subdomains (pkg/types/baremetal/validation). */
  hostNameDns1123: { since: 12 },
  /** The featureSet field of install-config.yaml (pkg/types): in release-4.13, not in 4.12. */
  featureSetField: { since: 13 },
  /** The featureGates field of install-config.yaml (pkg/types): merged on main on 2023-06-14, so in 4.14. */
  featureGatesField: { since: 14 },
  /** A root device hint's deviceName is a /dev/ or /dev/disk/by-path/ path (pkg/types/baremetal/validation). */
  rootDeviceHintPath: { since: 14 },
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
   * The HighlyAvailableArbiter feature gate in the Default feature set: promoted in the openshift/api vendored by
   * release-4.20; in 4.19 only TechPreviewNoUpgrade has it, and the installer refuses `arbiter` without it.
   */
  arbiterByDefault: { since: 20 },
  /** The OKD feature set, which an OpenShift (not OKD) installer forbids (main of 2026-03, after release-4.21). */
  okdFeatureSet: { since: 22 },
} as const satisfies Record<string, ReleaseGate>;

/** Whether OpenShift 4.<minor> has the behaviour. */
export const releaseHas = (minor: number, gate: ReleaseGate): boolean =>
  minor >= gate.since && (gate.until === undefined || minor < gate.until);

/** The feature set an arbiter cluster needs before releases.arbiterByDefault; such a cluster can never be upgraded. */
export const arbiterTechPreviewFeatureSet = "TechPreviewNoUpgrade";

/**
 * The release `gen-infra init` scaffolds a lab for: 4.20, the newest extended-update-support (EUS) release, read on
 * the installer's release-4.20 branch, where the arbiter is generally available and every field gen-infra writes
 * is known. Such releases install from a RHEL 9 provision VM (the installer binaries need RHEL 9's libraries).
 */
export const scaffoldRelease = { ocpVersion: "4.20.0", provisionImage: "rhel9.qcow2" } as const;
