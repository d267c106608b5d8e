// install-config.yaml under the agent-based installer (pkg/asset/agent/installconfig.go): loaded as for any method,
// checked by the rules every method shares (whose baremetal platform asks for VIPs but not for the hosts' rules),
// then by the agent-based installer's own: the platforms it installs, the Default feature set (4.15 to 4.19), the
// cluster's shape (agent-topology.ts), and the provisioning network's rules once a host has a BMC address. Pure.
import type { InstallConfig } from "./install-config-types";
import { notSupported, uniqueErrors, type FieldError } from "./errors";
import { loadInstallConfig } from "./loaded";
import { sharedRuleErrors } from "./shared-rules";
import { topologyErrors } from "./agent-topology";
import { ignoredFieldWarnings } from "./agent-ignored-fields";
import { provisioningNetworkingErrors } from "./provisioning";
import { platformName } from "./platform-name";
import { pathOf } from "./paths";
import type { Networks } from "./networks";
import { releaseHas, releases, type Release } from "../releases";

function platformErrors(config: InstallConfig, release: Release): FieldError[] {
  const name = platformName(config);
  const supported = [
    "baremetal",
    "vsphere",
    ...(releaseHas(release, releases.agentNutanixPlatform) ? ["nutanix"] : []),
    "none",
    ...(releaseHas(release, releases.agentSingleNodeOnNoneOrExternal) ? ["external"] : []),
  ];
  return name === "" || supported.includes(name)
    ? []
    : [notSupported(pathOf(release, "Platform", "platform"), name, supported)];
}

function featureSetErrors(config: InstallConfig, release: Release): FieldError[] {
  const featureSet = config.featureSet ?? "";
  return releaseHas(release, releases.agentDefaultFeatureSetOnly) && featureSet !== ""
    ? [notSupported(pathOf(release, "FeatureSet", "featureSet"), featureSet, [""])]
    : [];
}

/** Only where a host gives a BMC address does the installer hold the provisioning network to its rules. */
function bmcErrors(config: InstallConfig, networks: Networks, release: Release): FieldError[] {
  const p = config.platform.baremetal;
  if (!releaseHas(release, releases.agentBaremetalHosts) || p === undefined) return [];
  if (!(p.hosts ?? []).some((host) => (host.bmc?.address ?? "") !== "")) return [];
  const base = pathOf(release, "Platform.BareMetal", "platform.baremetal");
  return provisioningNetworkingErrors(p, networks.machine, base, release);
}

/** What the installer of the release reports about an install-config.yaml for the agent-based installer. */
export function agentInstallConfigErrors(config: InstallConfig, release: Release): FieldError[] {
  const loaded = loadInstallConfig(config, release);
  if ("stopped" in loaded) return [...loaded.stopped];
  const shared = sharedRuleErrors(loaded.config, loaded.networks, release);
  if (shared.length > 0 && !releaseHas(release, releases.agentRulesInOneList)) return shared;
  return uniqueErrors([
    ...shared,
    ...platformErrors(loaded.config, release),
    ...featureSetErrors(loaded.config, release),
    ...topologyErrors(loaded.config, release),
    ...bmcErrors(loaded.config, loaded.networks, release),
  ]);
}

/**
 * The warnings (the installer's lines) it prints about an install-config.yaml for the agent-based installer: the
 * fields of the baremetal platform it ignores (agent-ignored-fields.ts). None where it stops before.
 */
export function agentInstallConfigWarnings(config: InstallConfig, release: Release): string[] {
  const loaded = loadInstallConfig(config, release);
  if ("stopped" in loaded) return [];
  if (!releaseHas(release, releases.agentRulesInOneList)) {
    if (sharedRuleErrors(loaded.config, loaded.networks, release).length > 0) return [];
  }
  const p = loaded.config.platform.baremetal;
  return p === undefined ? [] : ignoredFieldWarnings(p, release);
}
