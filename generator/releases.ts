// What each OpenShift 4.x minor release's installer knows of a bare-metal install-config, as read in
// openshift/installer on its release branches (pkg/types, pkg/types/baremetal, the vendored openshift/api feature
// gates). install-config.yaml writes a field only for releases that have it, and a spec asking for something its
// ocp_version cannot do is an error.
export const installerHas = {
  /** hosts[].bootMode and hosts[].rootDeviceHints: in release-4.6's baremetal Host, not in release-4.5's. */
  hostBootModeAndRootDeviceHints: 6,
  /** platform.baremetal.apiVIPs/ingressVIPs lists: release-4.12. */
  vipLists: 12,
  /** The `arbiter` machine pool and host role: added on main on 2025-02-20, first released in 4.19. */
  arbiter: 19,
  /**
   * The HighlyAvailableArbiter feature gate in the Default feature set: promoted in the openshift/api vendored by
   * release-4.20; in 4.19 only TechPreviewNoUpgrade has it, and the installer refuses `arbiter` without it.
   */
  arbiterByDefault: 20,
} as const;

/** The feature set a 4.19 arbiter cluster needs; such a cluster can never be upgraded. */
export const arbiterTechPreviewFeatureSet = "TechPreviewNoUpgrade";

/**
 * The release `gen-infra init` scaffolds a lab for: 4.20, the newest extended-update-support (EUS) release, read on
 * the installer's release-4.20 branch, where the arbiter is generally available and every field gen-infra writes
 * is known. Such releases install from a RHEL 9 provision VM (the installer binaries need RHEL 9's libraries).
 */
export const scaffoldRelease = { ocpVersion: "4.20.0", provisionImage: "rhel9.qcow2" } as const;
