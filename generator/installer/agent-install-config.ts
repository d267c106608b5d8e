// install-config.yaml under the agent-based installer (pkg/asset/agent/installconfig.go): loaded as for any method,
// checked by the rules every method shares (whose baremetal platform asks for VIPs but not for the hosts' rules),
// then by the agent-based installer's own: the platforms it installs, the Default feature set (4.15 to 4.19), the
// cluster's shape (agent-topology.ts), and the provisioning network's rules once a host has a BMC address. Pure.
import type { InstallConfig } from "./install-config-types";
import { notSupported, type FieldError } from "./errors";
import { loadInstallConfig } from "./loaded";
import { sharedRuleErrors } from "./shared-rules";
import { topologyErrors } from "./agent-topology";
import { ignoredFieldWarnings } from "./agent-ignored-fields";
import { provisioningNetworkingErrors } from "./provisioning";
import { platformName } from "./platform-name";
import { pathOf } from "./paths";
import type { Networks } from "./networks";
import { releaseHas, releases } from "../releases";

function platformErrors(config: InstallConfig, ocpMinor: number): FieldError[] {
  const name = platformName(config);
  const supported = [
    "baremetal",
    "vsphere",
    ...(releaseHas(ocpMinor, releases.agentNutanixPlatform) ? ["nutanix"] : []),
    "none",
    ...(releaseHas(ocpMinor, releases.agentSingleNodeOnNoneOrExternal) ? ["external"] : []),
  ];
  return name === "" || supported.includes(name)
    ? []
    : [notSupported(pathOf(ocpMinor, "Platform", "platform"), name, supported)];
}

function featureSetErrors(config: InstallConfig, ocpMinor: number): FieldError[] {
  const featureSet = config.featureSet ?? "";
  return releaseHas(ocpMinor, releases.agentDefaultFeatureSetOnly) && featureSet !== ""
    ? [notSupported(pathOf(ocpMinor, "FeatureSet", "featureSet"), featureSet, [""])]
    : [];
}

/** Only where a host gives a BMC address does the installer hold the provisioning network to its rules. */
function bmcErrors(config: InstallConfig, networks: Networks, ocpMinor: number): FieldError[] {
  const p = config.platform.baremetal;
  if (!releaseHas(ocpMinor, releases.agentBaremetalHosts) || p === undefined) return [];
  if (!(p.hosts ?? []).some((host) => (host.bmc?.address ?? "") !== "")) return [];
  const base = pathOf(ocpMinor, "Platform.BareMetal", "platform.baremetal");
  return provisioningNetworkingErrors(p, networks.machine, base, ocpMinor);
}

/** What the installer of 4.<ocpMinor> reports about an install-config.yaml for the agent-based installer. */
export function agentInstallConfigErrors(config: InstallConfig, ocpMinor: number): FieldError[] {
  const loaded = loadInstallConfig(config, ocpMinor);
  if ("stopped" in loaded) return [...loaded.stopped];
  const shared = sharedRuleErrors(loaded.config, loaded.networks, ocpMinor);
  if (shared.length > 0 && !releaseHas(ocpMinor, releases.agentRulesInOneList)) return shared;
  return [
    ...shared,
    ...platformErrors(loaded.config, ocpMinor),
    ...featureSetErrors(loaded.config, ocpMinor),
    ...topologyErrors(loaded.config, ocpMinor),
    ...bmcErrors(loaded.config, loaded.networks, ocpMinor),
  ];
}

/**
 * The warnings (the installer's lines) it prints about an install-config.yaml for the agent-based installer: the
 * fields of the baremetal platform it ignores (agent-ignored-fields.ts). None where it stops before.
 */
export function agentInstallConfigWarnings(config: InstallConfig, ocpMinor: number): string[] {
  const loaded = loadInstallConfig(config, ocpMinor);
  if ("stopped" in loaded) return [];
  if (!releaseHas(ocpMinor, releases.agentRulesInOneList)) {
    if (sharedRuleErrors(loaded.config, loaded.networks, ocpMinor).length > 0) return [];
  }
  const p = loaded.config.platform.baremetal;
  return p === undefined ? [] : ignoredFieldWarnings(p, ocpMinor);
}
