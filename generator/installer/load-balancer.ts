// The baremetal platform's load balancer and who serves the api, api-int and ingress DNS records
// (pkg/types/baremetal/validation ValidatePlatform and GatedFeatures). gen-infra writes neither: the lab's own load
// balancer and DNS run on the support VM. Pure.
import type { BaremetalPlatform, InstallConfig } from "./install-config-types";
import { releaseHas, releases, type Release } from "../releases";
import { forbidden, invalidString, type FieldError } from "./errors";
import { onPremDnsRecordsGateEnabled } from "./feature-sets";
import { platformPath } from "./paths";

const loadBalancerTypes = ["OpenShiftManagedDefault", "UserManaged"];

/**
 * ValidatePlatform's share: before releases.loadBalancer the installer has no such field (its own read ignores it);
 * until releases.loadBalancerTechPreviewOnly a load balancer only with TechPreviewNoUpgrade; its type one of two,
 * which a type left out is not either (the installer writes no default into it); and, from releases.dnsRecordsType,
 * External records only with a UserManaged load balancer. Any other dnsRecordsType passes: the installer compares
 * with External alone.
 */
export function loadBalancerErrors(config: InstallConfig, p: BaremetalPlatform, release: Release): FieldError[] {
  const loadBalancer = releaseHas(release, releases.loadBalancer) ? (p.loadBalancer ?? undefined) : undefined;
  const lbType = loadBalancer?.type ?? "";
  return [
    ...(loadBalancer !== undefined &&
    releaseHas(release, releases.loadBalancerTechPreviewOnly) &&
    config.featureSet !== "TechPreviewNoUpgrade"
      ? [forbidden(`${platformPath}.loadBalancer`, "load balancer is not supported in this feature set")]
      : []),
    ...(loadBalancer !== undefined && !loadBalancerTypes.includes(lbType)
      ? [invalidString(`${platformPath}.loadBalancer.type`, lbType, "invalid load balancer type")]
      : []),
    ...(externalDnsRecords(p, release) && lbType !== "UserManaged"
      ? [
          invalidString(
            `${platformPath}.dnsRecordsType`,
            "External",
            "external DNS records can only be configured with user-managed loadbalancers",
          ),
        ]
      : []),
  ];
}

const externalDnsRecords = (p: BaremetalPlatform, release: Release): boolean =>
  releaseHas(release, releases.dnsRecordsType) && p.dnsRecordsType === "External";

/**
 * validateGatedFeatures' share for the baremetal platform, which it checks before the control plane's gates and only
 * where the feature set and gates are themselves valid: External records need the OnPremDNSRecords gate.
 */
export function dnsRecordsGateErrors(config: InstallConfig, release: Release): FieldError[] {
  const p = config.platform.baremetal;
  if (p === undefined || !externalDnsRecords(p, release) || onPremDnsRecordsGateEnabled(config)) return [];
  return [
    forbidden(
      `${platformPath}.dnsRecordsType`,
      "this field is protected by the OnPremDNSRecords feature gate which must be enabled through either the TechPreviewNoUpgrade or CustomNoUpgrade feature set",
    ),
  ];
}
