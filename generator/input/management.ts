// The management of the lab resolved from the spec: the installer's provisioning network mode and BMC driver, and
// the seed's architecture they amount to. `architecture` is the seed's shorthand for a pairing (vbmc: Managed with
// ipmi; redfish: Disabled with bmc.redfish_scheme's driver); provisioning_network and bmc_driver name the halves,
// and what is not given follows from what is. Whether the result is a pairing the installer takes, and whether an
// explicit architecture agrees, is the management rule's to say. Pure.
import { architectures, type Spec } from "./spec";

type ProvisioningMode = NonNullable<Spec["provisioning_network"]>;
export type BmcDriver = NonNullable<Spec["bmc_driver"]>;
export type Architecture = (typeof architectures)[number];

export interface Management {
  /** The seed's name for the BMC emulation: vbmc for IPMI, redfish for sushy-tools. */
  readonly architecture: Architecture;
  readonly provisioningNetwork: ProvisioningMode;
  readonly bmcDriver: BmcDriver;
  /** The scheme of the Redfish BMC addresses: the driver, with bmc.redfish_scheme's transport (+https, +http). */
  readonly redfishScheme: string;
  /** Whether the provisioning network exists: Managed and Unmanaged. */
  readonly provisioning: boolean;
  /** Whether the nodes network-boot (PXE) from the provisioning network: there is one, and no virtual media. */
  readonly pxe: boolean;
}

const driverOfScheme = (scheme: string): BmcDriver =>
  scheme.startsWith("redfish-virtualmedia") ? "redfish-virtualmedia" : "redfish";

/** What an architecture stands for. */
export const architecturePairing = (architecture: Architecture, redfishScheme: string) =>
  architecture === "vbmc"
    ? { provisioningNetwork: "Managed" as const, bmcDriver: "ipmi" as const }
    : { provisioningNetwork: "Disabled" as const, bmcDriver: driverOfScheme(redfishScheme) };

/**
 * The agent-based installer has no provisioning network and drives no BMC: whatever the spec's management keys would
 * say (the agent-keys rule refuses them), the nodes boot its ISO over chucky.
 */
export function managementOf(spec: Spec): Management {
  const management = ipiManagementOf(spec);
  if (spec.installer !== "agent") return management;
  return { ...management, provisioningNetwork: "Disabled", provisioning: false, pxe: false };
}

function ipiManagementOf(spec: Spec): Management {
  const scheme = spec.bmc.redfish_scheme;
  const implied = spec.architecture ? architecturePairing(spec.architecture, scheme) : undefined;
  // Without architecture, one half implies the other: ipmi and network-booted redfish need a provisioning network,
  // and with none the nodes boot virtual media.
  const bmcDriver: BmcDriver =
    spec.bmc_driver ??
    implied?.bmcDriver ??
    (spec.provisioning_network === "Disabled" ? "redfish-virtualmedia" : "ipmi");
  const provisioningNetwork: ProvisioningMode =
    spec.provisioning_network ??
    implied?.provisioningNetwork ??
    (bmcDriver === "redfish-virtualmedia" ? "Disabled" : "Managed");
  const provisioning = provisioningNetwork !== "Disabled";
  const transport = /\+https?$/.exec(scheme)?.[0] ?? "";
  return {
    architecture: spec.architecture ?? (bmcDriver === "ipmi" ? "vbmc" : "redfish"),
    provisioningNetwork,
    bmcDriver,
    redfishScheme: spec.bmc_driver && bmcDriver !== "ipmi" ? `${bmcDriver}${transport}` : scheme,
    provisioning,
    pxe: provisioning && bmcDriver !== "redfish-virtualmedia",
  };
}

/** Whether the spec names the halves itself: then the HCL gets their variables. */
export const namesManagement = (spec: Spec): boolean =>
  spec.provisioning_network !== undefined || spec.bmc_driver !== undefined;
