// Where an error points in install-config.yaml: the baremetal platform, and its hosts list, which the installer's
// paths name by the Go field before releases.yamlKeyPaths and by the YAML key from it. Pure.
import { releaseHas, releases } from "../releases";

export const platformPath = "platform.baremetal";

/** The hosts list as the installer's paths name it: the Go field before 4.19, the YAML key from 4.19. */
export const hostsKey = (ocpMinor: number) => (releaseHas(ocpMinor, releases.yamlKeyPaths) ? "hosts" : "Hosts");
export const hostsPath = (i: number, ocpMinor: number, base = platformPath) => `${base}.${hostsKey(ocpMinor)}[${i}]`;

/** A path as the installer names it: by the Go fields before releases.yamlKeyPaths, by the YAML keys from it. */
export const pathOf = (ocpMinor: number, goFields: string, yamlKeys: string) =>
  releaseHas(ocpMinor, releases.yamlKeyPaths) ? yamlKeys : goFields;
