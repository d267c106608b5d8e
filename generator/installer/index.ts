// The OpenShift installer's own rules for a bare-metal IPI install-config.yaml, and for the agent-based installer's
// install-config.yaml and agent-config.yaml, so that a config we write is one the installer takes, and so that a
// config it would refuse is refused here with the installer's words. Version-aware:
// `release` is the OpenShift release line (4.18, 5.0), and each rule applies from the release whose installer has it, as
// generator/releases.ts lists them. The errors are the installer's field errors: `${path}: ${message}` is the
// installer's line. Each concept is a module of this folder; this one runs them in the installer's order: loading,
// conversion, defaults, then the rules: the networking lists, the families they carry (IPv6, dual stack), the VIPs,
// then the platform's. Platform none (the agent-based installer's) has no platform rules: the others still run.
//
// Host counts against replicas are a function of their own (hostCountErrors): the installer's unit tests of the
// other rules, which the fixtures hold, give replicas their host lists do not cover.
//
// Not covered, because a lab config cannot get them wrong or because they need the installer's environment: the DNS
// lookup of api.<cluster> and test.apps.<cluster> that the installer tries when no VIP is given (here: no VIP is an
// error, as it is in the installer when the names do not resolve), OS image URLs, libvirtURI, MAC address syntax,
// networkConfig YAML, the machine pools' own rules (names, replicas, hyperthreading) but for the arbiter's and the
// control plane's fencing credentials, a compute pool's fencing (whose error prints a Go pointer), featureSet values
// before 4.19, ovnKubernetesConfig (which moves OVN-Kubernetes'
// join subnet), clusterNetworkMTU, the proxy's and Single Node OpenShift's (bootstrapInPlace) networking rules, and
// the older words of 4.8's networking rules (4.9's apply to older releases). Pure.
import type { InstallConfig } from "./install-config-types";
import { uniqueErrors, type FieldError } from "./errors";
import { loadInstallConfig } from "./loaded";
import { sharedRuleErrors } from "./shared-rules";
import {
  bmcFields,
  bootModeErrors,
  hostFields,
  hostNameErrors,
  requiredUniqueErrors,
  rootDeviceHintErrors,
} from "./hosts";
import { disabledProvisioningErrors, provisioningNetworkErrors } from "./provisioning";
import { bridgeErrors } from "./bridges";
import { releaseHas, releases, type Release } from "../releases";

export { formatFieldError, type FieldError } from "./errors";
export { hostCountErrors } from "./host-counts";
export { agentInstallConfigErrors, agentInstallConfigWarnings } from "./agent-install-config";
export { agentConfigErrors, agentConfigWarnings } from "./agent-config";
export type { AgentConfig, AgentHost } from "./agent-config-types";

/**
 * What the installer of the release would report about this install-config, after its conversion and defaults,
 * host counts apart (hostCountErrors).
 */
export function installerErrors(config: InstallConfig, release: Release): FieldError[] {
  const loaded = loadInstallConfig(config, release);
  // The installer stops at reading the file or converting it: nothing is validated after it.
  if ("stopped" in loaded) return [...loaded.stopped];
  const { config: defaulted, networks } = loaded;
  const p = defaulted.platform.baremetal;
  if (p === undefined) return sharedRuleErrors(defaulted, networks, release);
  const hosts = p.hosts ?? [];
  const machine = networks.machine;
  const provisioningNetwork: string = p.provisioningNetwork ?? "";
  return uniqueErrors([
    ...sharedRuleErrors(defaulted, networks, release),
    ...requiredUniqueErrors(hosts, hostFields, release),
    ...bootModeErrors(hosts, release),
    ...(releaseHas(release, releases.rootDeviceHintPath) ? rootDeviceHintErrors(hosts, release) : []),
    ...(releaseHas(release, releases.hostNameDns1123) ? hostNameErrors(hosts, release) : []),
    ...(provisioningNetwork === "Disabled"
      ? disabledProvisioningErrors(p, machine, release)
      : provisioningNetworkErrors(p, machine, release)),
    ...requiredUniqueErrors(hosts, bmcFields, release),
    ...bridgeErrors(p),
  ]);
}
