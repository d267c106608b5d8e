// The provision VM runs the installer binary the release extracts, openshift-baremetal-install, which is dynamically
// linked: from the release whose installer is built on RHEL 9, a RHEL 8 provision VM cannot run it. The seed's
// default image is its RHEL 8 one, so a spec that keeps it on such a release is warned.
import type { Spec } from "../input/spec";
import { releaseHas, releaseName, releaseOf, releases } from "../releases";
import type { Rule } from "./rule";

/** The seed's provision image, RHEL 8: rhel8_image_location's default. */
const seedImage = "rhel8.qcow2";

export const provisionOsRule: Rule<Spec> = {
  id: "provision-os",
  summary: `With the installer-provisioned flow on OpenShift ${releaseName(releases.installerBuiltOnRhel9.since)} or later, whose openshift-baremetal-install is built on RHEL 9, \`rhel8_image_location\` left at the seed's RHEL 8 image (\`${seedImage}\`) is a warning: the provision VM could not run the installer.`,
  check: (spec) =>
    spec.installer !== "agent" &&
    spec.rhel8_image_location === seedImage &&
    releaseHas(releaseOf(spec.ocp_version), releases.installerBuiltOnRhel9)
      ? [
          {
            severity: "warning",
            path: ["rhel8_image_location"],
            value: seedImage,
            message: `is the seed's RHEL 8 image, but OpenShift ${spec.ocp_version}'s openshift-baremetal-install is built on RHEL 9 (from ${releaseName(releases.installerBuiltOnRhel9.since)}) and needs its libraries: the provision VM could not run the installer`,
            fix: "set rhel8_image_location to a RHEL 9 (or later) qcow2 image, as `gen-infra init` does",
          },
        ]
      : [],
};
