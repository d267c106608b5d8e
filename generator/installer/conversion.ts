// The installer's conversion of the config it has read, before its defaults: the deprecated singular VIP fields into
// the lists. Pure.
import type { BaremetalPlatform, InstallConfig } from "./install-config-types";
import { releaseHas, releases, type Release } from "../releases";
import { invalidString, type FieldError } from "./errors";
import { platformPath } from "./paths";

/**
 * From 4.12 the singular apiVIP/ingressVIP are deprecated and copied into the lists. Both given and the list without
 * the singular value stops the installer at loading, with the words its conversion has (the field names are the
 * other way round there). Before 4.12 the installer knows no lists: 4.10 refuses them (unknownFieldError), 4.9 and
 * 4.11 read the YAML leniently and ignore them.
 */
export function upconvertVips(
  config: InstallConfig,
  release: Release,
): { readonly config: InstallConfig; readonly error?: FieldError } {
  const p = config.platform.baremetal;
  // The VIP fields are the baremetal platform's; platform none has none to convert.
  if (p === undefined || !releaseHas(release, releases.vipLists)) return { config };
  const pairs = [
    { single: p.apiVIP, list: p.apiVIPs, singleName: "apiVIP", listName: "apiVIPs" },
    { single: p.ingressVIP, list: p.ingressVIPs, singleName: "ingressVIP", listName: "ingressVIPs" },
  ] as const;
  for (const { single, list, singleName, listName } of pairs) {
    if (single && list !== undefined && list.length > 0 && !list.includes(single)) {
      const detail = `${listName} is deprecated; only ${singleName} needs to be specified`;
      return { config, error: invalidString(`${platformPath}.${listName}`, single, detail) };
    }
  }
  const apiVIPs = p.apiVIP && !(p.apiVIPs?.length ?? 0) ? [p.apiVIP] : p.apiVIPs;
  const ingressVIPs = p.ingressVIP && !(p.ingressVIPs?.length ?? 0) ? [p.ingressVIP] : p.ingressVIPs;
  return { config: withPlatform(config, { ...p, apiVIPs, ingressVIPs }) };
}

export const withPlatform = (config: InstallConfig, baremetal: BaremetalPlatform): InstallConfig => ({
  ...config,
  platform: { ...config.platform, baremetal },
});
