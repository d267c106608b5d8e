// The installer's rules of install-config.yaml that every install method runs (pkg/types/validation, with the
// platform's own): the networking lists and the families they carry, the VIPs, the provisioning network's mode and
// addresses, the load balancer and the DNS records type, Single Node OpenShift on baremetal, the arbiter pool, the
// fencing credentials, the feature set and the fields its gates guard, and the OS image stream. The hosts' rules and
// the rest of the provisioning network's are the installer-provisioned method's (index.ts); the agent-based installer
// has its own (agent-install-config.ts). Pure.
import type { InstallConfig } from "./install-config-types";
import type { FieldError } from "./errors";
import type { Networks } from "./networks";
import { networkingErrors } from "./networking";
import { ipFamilyErrors } from "./ip-families";
import { vipErrors } from "./vips";
import { provisioningIpSyntaxErrors, provisioningModeErrors } from "./provisioning";
import { arbiterErrors } from "./arbiter";
import { singleNodeErrors } from "./single-node";
import { featureSetErrors } from "./feature-sets";
import { fencingErrors, fencingGateErrors } from "./fencing";
import { dnsRecordsGateErrors, loadBalancerErrors } from "./load-balancer";
import { osImageStreamErrors, osImageStreamGateErrors } from "./os-image-stream";
import type { Release } from "../releases";

/**
 * The feature set's rules; only where they pass does the installer check the fields its gates guard, the machine
 * pools' (fencing) before the OS image stream's.
 */
function featureSetChecks(config: InstallConfig, release: Release): FieldError[] {
  const errors = featureSetErrors(config, release);
  // The platform's gates first, then the control plane's, as validateGatedFeatures lists them; the OS image stream's
  // after them, as validateOSImageStream runs last.
  return errors.length > 0
    ? errors
    : [
        ...dnsRecordsGateErrors(config, release),
        ...fencingGateErrors(config, release),
        ...osImageStreamGateErrors(config, release),
      ];
}

/** Of a config as loadInstallConfig hands it on. */
export function sharedRuleErrors(config: InstallConfig, networks: Networks, release: Release): FieldError[] {
  const p = config.platform.baremetal;
  return [
    ...networkingErrors(config, networks, release),
    ...ipFamilyErrors(config, networks, release),
    ...vipErrors(config, networks, release),
    ...(p === undefined
      ? []
      : [
          ...provisioningModeErrors(p),
          ...provisioningIpSyntaxErrors(p, release),
          ...loadBalancerErrors(config, p, release),
        ]),
    ...singleNodeErrors(config, release),
    ...arbiterErrors(config, release),
    ...fencingErrors(config, release),
    ...featureSetChecks(config, release),
    ...osImageStreamErrors(config, release),
  ];
}
