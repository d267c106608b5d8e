// Whether the feature gates the port reads (HighlyAvailableArbiter, OSStreams, OnPremDNSRecords) are on, by release,
// feature set and feature gates.
import {
  arbiterGateEnabled,
  onPremDnsRecordsGateEnabled,
  osStreamsGateEnabled,
} from "../../../generator/installer/feature-sets";
import { load } from "./cases";
import { parseRelease } from "../../../generator/releases";

test.each([
  [19, undefined, undefined, false],
  [19, "TechPreviewNoUpgrade", undefined, true],
  [19, "DevPreviewNoUpgrade", undefined, true],
  [19, "CustomNoUpgrade", ["HighlyAvailableArbiter=True"], true],
  [19, "CustomNoUpgrade", ["HighlyAvailableArbiter=true=1"], false],
  [19, "CustomNoUpgrade", ["HighlyAvailableArbiter=false", "HighlyAvailableArbiter=1"], true],
  [19, "CustomNoUpgrade", undefined, false],
  [19, "Default", undefined, undefined],
  [20, undefined, undefined, true],
  [20, "", undefined, true],
  [21, "OKD", undefined, undefined],
  [22, "OKD", undefined, true],
  [18, "TechPreviewNoUpgrade", undefined, false],
] as const)(
  "4.%i featureSet %s featureGates %j: HighlyAvailableArbiter on: %s",
  (release, featureSet, featureGates, on) => {
    const config = { ...load("valid.yaml"), featureSet, featureGates };
    expect(arbiterGateEnabled(config, parseRelease(`4.${release}`))).toBe(on);
  },
);

test.each([
  ["4.22", undefined, undefined, false],
  ["4.22", "TechPreviewNoUpgrade", undefined, true],
  ["4.22", "DevPreviewNoUpgrade", undefined, true],
  ["4.22", "OKD", undefined, false],
  ["4.22", "CustomNoUpgrade", ["OSStreams=true"], true],
  ["4.22", "CustomNoUpgrade", undefined, false],
  ["5.0", undefined, undefined, true],
  ["5.0", "OKD", undefined, true],
  ["5.0", "CustomNoUpgrade", ["OSStreams=false"], false],
] as const)("%s featureSet %s featureGates %j: OSStreams on: %s", (release, featureSet, featureGates, on) => {
  const config = { ...load("valid.yaml"), featureSet, featureGates };
  expect(osStreamsGateEnabled(config, parseRelease(release))).toBe(on);
});

// OnPremDNSRecords: enableIn(DevPreviewNoUpgrade, TechPreviewNoUpgrade) in release-4.21's vendored openshift/api,
// enable(inTechPreviewNoUpgrade(), inDevPreviewNoUpgrade()) on main: the same sets.
test.each([
  [undefined, undefined, false],
  ["TechPreviewNoUpgrade", undefined, true],
  ["DevPreviewNoUpgrade", undefined, true],
  ["OKD", undefined, false],
  ["CustomNoUpgrade", ["OnPremDNSRecords=true"], true],
  ["CustomNoUpgrade", ["OnPremDNSRecords=false"], false],
  ["CustomNoUpgrade", undefined, false],
] as const)("featureSet %s featureGates %j: OnPremDNSRecords on: %s", (featureSet, featureGates, on) => {
  expect(onPremDnsRecordsGateEnabled({ ...load("valid.yaml"), featureSet, featureGates })).toBe(on);
});
