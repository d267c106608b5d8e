// install-config.yaml's controlPlane.fencing for a two-node control plane with fencing: one credential per master,
// in the masters' order, naming the host as its node will be named (its full DNS name, as dev-scripts writes it) and
// its Redfish BMC with the same placeholders as the host's own BMC, so that one envsubst fills both. Pure.
import type { FencingCredential, InstallConfig } from "../installer/install-config-types";
import { releaseHas, releases, type Release } from "../releases";
import type { Inventory, InventoryNode } from "./inventory";

/** The placeholders of the BMC credentials, as install-config.ts writes them. */
export interface BmcPlaceholders {
  readonly username: string;
  readonly password: string;
}

const credentialOf = (
  node: InventoryNode,
  bmc: BmcPlaceholders,
  release: Release,
  verifyCertificate: boolean,
): FencingCredential => ({
  hostName: node.hostname,
  username: bmc.username,
  password: bmc.password,
  address: node.bmc!.address,
  // The installer's default is Enabled, which the seed's self-signed sushy-tools certificate fails.
  ...(releaseHas(release, releases.fencingCertificateVerification)
    ? { certificateVerification: verifyCertificate ? ("Enabled" as const) : ("Disabled" as const) }
    : {}),
});

/** The control plane's fencing, for the installed masters; nothing without control_plane two-node-fencing. */
export function fencingOf(
  inventory: Inventory,
  masters: readonly InventoryNode[],
  bmc: BmcPlaceholders,
  release: Release,
  verifyCertificate: boolean,
): Pick<InstallConfig["controlPlane"], "fencing"> {
  if (inventory.cluster.control_plane !== "two-node-fencing") return {};
  return { fencing: { credentials: masters.map((node) => credentialOf(node, bmc, release, verifyCertificate)) } };
}
