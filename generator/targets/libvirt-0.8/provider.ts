// The provider release this target's HCL is written for (versions.tf pins the same source and version). `verify`
// installs its stand-in under these names, so Terraform takes it for that release, and reads plans by its types.

const version = "0.8.3";

export const provider = {
  /** As required_providers writes it: each engine reads it against its own registry host. */
  source: "dmacvicar/libvirt",
  version,
  /** The executable in the release's archive, the name an engine looks for in a mirror. */
  binary: `terraform-provider-libvirt_v${version}`,
  /** The resource type of a VM. */
  domainType: "libvirt_domain",
} as const;
