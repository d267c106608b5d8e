// Feature sets and feature gates (pkg/types/validation, pkg/types/featuregates, the vendored openshift/api): the
// sets the installer knows, the gates of CustomNoUpgrade, and whether the gates the port reads are on. Pure.
import type { InstallConfig } from "./install-config-types";
import { releaseHas, releases, type Release } from "../releases";
import { forbidden, invalidString, notSupported, type FieldError } from "./errors";

const customFeatureSet = "CustomNoUpgrade";
export const arbiterGate = "HighlyAvailableArbiter";

/** The feature sets with fixed gates, "" being Default; CustomNoUpgrade is the one more the installer takes. */
const fixedFeatureSets = (release: Release): readonly string[] => [
  "",
  "DevPreviewNoUpgrade",
  "TechPreviewNoUpgrade",
  ...(releaseHas(release, releases.okdFeatureSet) ? ["OKD"] : []),
];

/** The fixed feature sets whose gates have HighlyAvailableArbiter on. */
const arbiterFeatureSets = (release: Release): readonly string[] => [
  "DevPreviewNoUpgrade",
  "TechPreviewNoUpgrade",
  ...(releaseHas(release, releases.arbiterByDefault) ? [""] : []),
  ...(releaseHas(release, releases.okdFeatureSet) ? ["OKD"] : []),
];

/** Go's strconv.ParseBool: the spellings it takes, and what they mean. */
const goBools = new Map([
  ...["1", "t", "T", "TRUE", "true", "True"].map((text) => [text, true] as const),
  ...["0", "f", "F", "FALSE", "false", "False"].map((text) => [text, false] as const),
]);

/** A CustomNoUpgrade entry "<name>=<bool>" as the installer parses it; undefined where it cannot. */
function customFeatureGate(entry: string): { readonly name: string; readonly enabled: boolean } | undefined {
  const parts = entry.split("=");
  const enabled = parts.length === 2 ? goBools.get(parts[1]!) : undefined;
  return enabled === undefined ? undefined : { name: parts[0]!, enabled };
}

/**
 * Whether the installer has the HighlyAvailableArbiter gate on for this config (EnabledFeatureGates): by the fixed
 * feature set, or for CustomNoUpgrade when an entry turns it on (every gate no entry turns on is off there).
 * Undefined for a feature set the installer does not know: it then dereferences a missing set and crashes.
 */
export function arbiterGateEnabled(config: InstallConfig, release: Release): boolean | undefined {
  if (!releaseHas(release, releases.arbiter)) return false;
  const featureSet = config.featureSet ?? "";
  if (featureSet === customFeatureSet) return customGateEnabled(config, arbiterGate);
  if (!fixedFeatureSets(release).includes(featureSet)) return undefined;
  return arbiterFeatureSets(release).includes(featureSet);
}

/** Whether a CustomNoUpgrade config turns the gate on: every gate no entry turns on is off there. */
const customGateEnabled = (config: InstallConfig, name: string): boolean =>
  (config.featureGates ?? []).some((entry) => {
    const gate = customFeatureGate(entry);
    return gate?.name === name && gate.enabled;
  });

/**
 * Whether the DualReplica gate (two control-plane nodes with fencing) is on: in the preview feature sets, from
 * releases.dualReplicaByDefault in Default and OKD too, and where a CustomNoUpgrade entry turns it on.
 */
export function dualReplicaGateEnabled(config: InstallConfig, release: Release): boolean {
  const featureSet = config.featureSet ?? "";
  if (featureSet === customFeatureSet) return customGateEnabled(config, "DualReplica");
  const byDefault = releaseHas(release, releases.dualReplicaByDefault) ? ["", "OKD"] : [];
  return ["DevPreviewNoUpgrade", "TechPreviewNoUpgrade", ...byDefault].includes(featureSet);
}

/**
 * Whether the OSStreams gate (an explicit OS image stream) is on: in the preview feature sets, from
 * releases.osStreamsByDefault in Default and OKD too, and where a CustomNoUpgrade entry turns it on.
 */
export function osStreamsGateEnabled(config: InstallConfig, release: Release): boolean {
  const featureSet = config.featureSet ?? "";
  if (featureSet === customFeatureSet) return customGateEnabled(config, "OSStreams");
  const byDefault = releaseHas(release, releases.osStreamsByDefault) ? ["", "OKD"] : [];
  return ["DevPreviewNoUpgrade", "TechPreviewNoUpgrade", ...byDefault].includes(featureSet);
}

/**
 * Whether the OnPremDNSRecords gate (dnsRecordsType External) is on: in the preview feature sets alone, in
 * release-4.21's openshift/api and main's alike, and where a CustomNoUpgrade entry turns it on.
 */
export function onPremDnsRecordsGateEnabled(config: InstallConfig): boolean {
  const featureSet = config.featureSet ?? "";
  if (featureSet === customFeatureSet) return customGateEnabled(config, "OnPremDNSRecords");
  return ["DevPreviewNoUpgrade", "TechPreviewNoUpgrade"].includes(featureSet);
}

/**
 * ValidateFeatureSet: a feature set the installer knows, OKD not on an OpenShift installer, featureGates only with
 * CustomNoUpgrade and each as "<name>=<bool>". Read from 4.19; older releases differ in their sets (not covered).
 */
export function featureSetErrors(config: InstallConfig, release: Release): FieldError[] {
  if (!releaseHas(release, releases.arbiter)) return [];
  const featureSet = config.featureSet ?? "";
  const gates = config.featureGates ?? [];
  const known = fixedFeatureSets(release);
  return [
    ...(featureSet === customFeatureSet || known.includes(featureSet)
      ? []
      : [notSupported("featureSet", featureSet, [...known, customFeatureSet].sort())]),
    ...(releaseHas(release, releases.okdFeatureSet) && featureSet === "OKD"
      ? [forbidden("featureSet", "OKD featureset is not supported on OpenShift clusters")]
      : []),
    ...(gates.length > 0 && featureSet !== customFeatureSet
      ? [forbidden("featureGates", "featureGates can only be used with the CustomNoUpgrade feature set")]
      : []),
    ...gates.flatMap((entry, i) => {
      const parts = entry.split("=");
      const format = "must match the format <feature-name>=<bool>";
      if (parts.length !== 2) return [invalidString(`featureGates[${i}]`, entry, format)];
      return goBools.has(parts[1]!)
        ? []
        : [invalidString(`featureGates[${i}]`, entry, `${format}, could not parse boolean value`)];
    }),
  ];
}
