// The part of the OpenShift installer's install-config.yaml that a bare-metal lab fills in, as the installer's own
// types name it (pkg/types, pkg/types/baremetal). Only what gen-infra writes or checks is typed here.

export type ProvisioningNetwork = "Managed" | "Unmanaged" | "Disabled";
export type BootMode = "UEFI" | "UEFISecureBoot" | "legacy";

export interface BaremetalHost {
  readonly name: string;
  /**
   * Optional to the installer: hosts without a role fill the control plane first, then the arbiters, then compute.
   * "arbiter" from 4.19; an older installer takes it for a host without a role.
   */
  readonly role?: "master" | "arbiter" | "worker";
  readonly bmc: {
    readonly address: string;
    readonly username: string;
    readonly password: string;
    readonly disableCertificateVerification?: boolean;
  };
  readonly bootMACAddress: string;
  readonly bootMode?: BootMode;
  readonly rootDeviceHints?: { readonly deviceName?: string };
  readonly hardwareProfile?: string;
  /** nmstate, passed through to the host. */
  readonly networkConfig?: unknown;
}

export interface BaremetalPlatform {
  /** Before 4.12 (and still accepted, deprecated, after it). */
  readonly apiVIP?: string;
  readonly ingressVIP?: string;
  /** From 4.12. */
  readonly apiVIPs?: readonly string[];
  readonly ingressVIPs?: readonly string[];
  readonly provisioningNetwork?: ProvisioningNetwork;
  readonly externalBridge?: string;
  readonly provisioningBridge?: string;
  readonly provisioningNetworkCIDR?: string;
  /** "start,end" */
  readonly provisioningDHCPRange?: string;
  readonly clusterProvisioningIP?: string;
  readonly bootstrapProvisioningIP?: string;
  /** From 4.22: the default gateway the provisioning network's DHCP hands out (releases.provisioningNetworkGateway). */
  readonly provisioningNetworkGateway?: string;
  /** Optional to the agent-based installer, which takes its hosts from agent-config.yaml. */
  readonly hosts?: readonly BaremetalHost[];
  /** From 4.21: a PEM CA bundle the BMCs' certificates are verified with (releases.bmcVerifyCA). */
  readonly bmcVerifyCA?: string;
  /**
   * From 4.13: who runs the API and Ingress load balancer, OpenShiftManagedDefault or UserManaged
   * (releases.loadBalancer); null is no load balancer section at all (a nil pointer in Go).
   */
  readonly loadBalancer?: { readonly type?: string } | null;
  /**
   * From 4.21: Internal (the default) or External, who serves the api, api-int and ingress records
   * (releases.dnsRecordsType). gen-infra writes none: the support VM serves them.
   */
  readonly dnsRecordsType?: string;
}

/** A master's BMC for fencing (pkg/types Credential): from 4.20 with certificateVerification, from 4.22 macAddress. */
export interface FencingCredential {
  readonly hostName?: string;
  readonly macAddress?: string;
  readonly username: string;
  readonly password: string;
  readonly address: string;
  readonly certificateVerification?: "Enabled" | "Disabled";
}

export interface InstallConfig {
  readonly apiVersion: "v1";
  readonly baseDomain: string;
  readonly metadata: { readonly name: string };
  /**
   * Each list may hold both families, the primary one first: a dual-stack cluster needs an IPv4 and an IPv6 network
   * in each. What is left out gets the installer's defaults (generator/installer/defaults.ts).
   */
  readonly networking: {
    readonly networkType?: string;
    readonly machineNetwork: readonly { readonly cidr: string }[];
    readonly clusterNetwork?: readonly { readonly cidr: string; readonly hostPrefix?: number }[];
    readonly serviceNetwork?: readonly string[];
  };
  readonly compute: readonly { readonly name: "worker"; readonly replicas: number }[];
  readonly controlPlane: {
    readonly name: "master";
    readonly replicas: number;
    /** From 4.19: the BMCs of a two-node control plane with fencing, one credential per master. */
    readonly fencing?: { readonly credentials?: readonly FencingCredential[] } | null;
  };
  /** From 4.19: the arbiter machine pool of a two-node cluster with an arbiter (behind a feature gate in 4.19). */
  readonly arbiter?: { readonly name: "arbiter"; readonly replicas: number };
  /**
   * Single Node OpenShift's bootstrap on the node itself: any value, `{}` too, asks for it (a Go pointer that is not
   * nil); null does not. From 5.0 refused on the baremetal platform (releases.singleNodeRefusedOnBaremetal).
   */
  readonly bootstrapInPlace?: { readonly installationDisk?: string } | null;
  /** From 4.13: "TechPreviewNoUpgrade", "DevPreviewNoUpgrade", "CustomNoUpgrade"; absent (or "") is Default. */
  readonly featureSet?: string;
  /** From 4.14, only with featureSet CustomNoUpgrade: "<FeatureGateName>=<bool>" entries. */
  readonly featureGates?: readonly string[];
  /**
   * From 4.22: the RHEL CoreOS stream, "rhel-9" or "rhel-10" (a string: the installer is handed any); from 5.0 the
   * installer's defaults fill it in.
   */
  readonly osImageStream?: string;
  /** One platform: baremetal, or (for the agent-based installer) none, which has no settings. */
  readonly platform: { readonly baremetal?: BaremetalPlatform; readonly none?: Record<string, never> };
  readonly pullSecret: string;
  readonly sshKey: string;
}

/** What an installer-provisioned lab writes: the baremetal platform, always. */
export type BaremetalInstallConfig = InstallConfig & {
  readonly platform: { readonly baremetal: BaremetalPlatform & { readonly hosts: readonly BaremetalHost[] } };
};
