// What the agent-based installer reads out of a host's networkConfig (nmstate): the addresses its interfaces have,
// and the interfaces that name both a device and a MAC address. Anything else in it is nmstate's, not the
// installer's. Pure.
interface Interface {
  readonly name?: unknown;
  readonly "mac-address"?: unknown;
  readonly ipv4?: { readonly address?: readonly { readonly ip?: unknown }[] };
  readonly ipv6?: { readonly address?: readonly { readonly ip?: unknown }[] };
}

const interfacesOf = (networkConfig: unknown): readonly Interface[] => {
  const list = (networkConfig as { interfaces?: unknown } | null | undefined)?.interfaces;
  return Array.isArray(list) ? (list as Interface[]) : [];
};

const text = (value: unknown): string => (typeof value === "string" ? value : "");

/** The installer's GetAllHostIPs: every interface's IPv4 and IPv6 addresses, as written. */
export function hostAddresses(networkConfig: unknown): ReadonlySet<string> {
  return new Set(
    interfacesOf(networkConfig).flatMap((iface) =>
      [...(iface.ipv4?.address ?? []), ...(iface.ipv6?.address ?? [])]
        .map((entry) => text(entry?.ip))
        .filter((ip) => ip !== ""),
    ),
  );
}

/** The interfaces the installer takes from an install-config host's networkConfig: those with a name and a MAC. */
export function namedInterfaces(networkConfig: unknown): { readonly name: string; readonly macAddress: string }[] {
  return interfacesOf(networkConfig).flatMap((iface) => {
    const name = text(iface.name);
    const macAddress = text(iface["mac-address"]);
    return name !== "" && macAddress !== "" ? [{ name, macAddress }] : [];
  });
}

/**
 * The networkConfig as text, for the releases that look for the rendezvousIP in the installer's copy of it as a
 * substring: an address written anywhere in it counts, and so does a longer one that begins with it. Any text that
 * holds each value as written answers that alike; JSON's needs no YAML library loaded on every run.
 */
export const networkConfigText = (networkConfig: unknown): string =>
  networkConfig === undefined || networkConfig === null ? "" : JSON.stringify(networkConfig);
