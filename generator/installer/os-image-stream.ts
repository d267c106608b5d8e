// The top-level osImageStream (pkg/types/validation validateOSImageStream, the OSStreams gate of
// validateGatedFeatures, and from 5.0 the default of pkg/types/defaults): which RHEL CoreOS the nodes run. In 4.22
// any value given needs the gate and an unknown one is Forbidden; from 5.0 the defaults fill it in first, an unknown
// value is NotSupported, and only a value other than the default needs the gate. Before 4.22 the installer has no
// such field (loading ignores it, 4.10 refuses it: unknownFieldError).
//
// The installer's cases for its SCOS (OKD) build are not ported: gen-infra ports the OpenShift installer, which runs
// on RHEL CoreOS, and whose build is never SCOS (there the streams are centos-10 alone). Pure.
import type { InstallConfig } from "./install-config-types";
import { forbidden, notSupported, type FieldError } from "./errors";
import { osStreamsGateEnabled } from "./feature-sets";
import { releaseHas, releases, type Release } from "../releases";

const path = "osImageStream";
/** The installer's own list (types.OSImageStreamValues), in its order; what a spec may ask for is the spec's. */
const osImageStreamValues = ["rhel-9", "rhel-10"] as const;

/**
 * The stream the installer's defaults write where the config has none (pkg/rhcos/stream.go
 * BuildDefaultOSImageStream, by the installer's own major release); undefined where its defaults write none.
 */
function defaultOsImageStream(release: Release): string | undefined {
  if (!releaseHas(release, releases.osImageStreamDefault)) return undefined;
  return releaseHas(release, releases.rhel10StreamDefault) ? "rhel-10" : "rhel-9";
}

/** SetInstallConfigDefaults' share: an empty or missing osImageStream becomes the default, where there is one. */
export function withOsImageStreamDefault(config: InstallConfig, release: Release): InstallConfig {
  const stream = defaultOsImageStream(release);
  return stream === undefined || (config.osImageStream ?? "") !== "" ? config : { ...config, osImageStream: stream };
}

/**
 * validateGatedFeatures' share for the stream: in 4.22 any value given needs the OSStreams gate, from 5.0 a value
 * other than the default. Checked, as every gate, only where the feature set and gates are themselves valid.
 */
export function osImageStreamGateErrors(config: InstallConfig, release: Release): FieldError[] {
  if (!releaseHas(release, releases.osImageStream)) return [];
  const stream = config.osImageStream ?? "";
  const gated = releaseHas(release, releases.osImageStreamDefault)
    ? stream !== defaultOsImageStream(release)
    : stream !== "";
  return gated && !osStreamsGateEnabled(config, release)
    ? [
        forbidden(
          path,
          "this field is protected by the OSStreams feature gate which must be enabled through either the TechPreviewNoUpgrade or CustomNoUpgrade feature set",
        ),
      ]
    : [];
}

/**
 * validateOSImageStream, the last of the installer's own rules: rhel-9 or rhel-10. In 4.22 an empty value passes
 * and another is Forbidden; from 5.0 the defaults have filled it in, and anything else is NotSupported.
 */
export function osImageStreamErrors(config: InstallConfig, release: Release): FieldError[] {
  if (!releaseHas(release, releases.osImageStream)) return [];
  const stream = config.osImageStream ?? "";
  const known = (osImageStreamValues as readonly string[]).includes(stream);
  if (releaseHas(release, releases.osImageStreamDefault))
    return known ? [] : [notSupported(path, stream, osImageStreamValues)];
  return stream === "" || known
    ? []
    : [forbidden(path, `Unsupported OS Image Stream. Supported values are: ${osImageStreamValues.join(", ")}`)];
}
