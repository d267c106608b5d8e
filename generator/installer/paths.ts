// Where an error points in install-config.yaml: the baremetal platform, and its hosts list, which the installer's
// paths name by the Go field before releases.yamlKeyPaths and by the YAML key from it. Pure.
import { releaseHas, releases, type Release } from "../releases";

export const platformPath = "platform.baremetal";

/** The hosts list as the installer's paths name it: the Go field before 4.19, the YAML key from 4.19. */
export const hostsKey = (release: Release) => (releaseHas(release, releases.yamlKeyPaths) ? "hosts" : "Hosts");
export const hostsPath = (i: number, release: Release, base = platformPath) => `${base}.${hostsKey(release)}[${i}]`;

/** A path as the installer names it: by the Go fields before releases.yamlKeyPaths, by the YAML keys from it. */
export const pathOf = (release: Release, goFields: string, yamlKeys: string) =>
  releaseHas(release, releases.yamlKeyPaths) ? yamlKeys : goFields;
