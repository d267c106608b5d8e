// MAC addresses as the installer reads them (pkg/validate MAC, over Go's net.ParseMAC): a unicast EUI-48 address,
// in any of Go's three spellings. Pure.

const hexPair = /^[0-9a-fA-F]{2}$/;

/**
 * Go's net.ParseMAC: the octets of "00:00:5e:00:53:01", "00-00-5e-00-53-01" or "0000.5e00.5301", of 6, 8 or 20
 * octets, the separator the same throughout; undefined where Go fails.
 */
function goParseMac(text: string): number[] | undefined {
  if (text.length < 14) return undefined;
  const parse = (groups: readonly string[], width: number) =>
    groups.every((group) => group.length === width && group.match(/../g)!.every((pair) => hexPair.test(pair)))
      ? groups.flatMap((group) => group.match(/../g)!.map((pair) => parseInt(pair, 16)))
      : undefined;
  const separator = text[2] === ":" || text[2] === "-" ? text[2] : text[4] === "." ? "." : undefined;
  if (separator === undefined) return undefined;
  const octets = parse(text.split(separator), separator === "." ? 4 : 2);
  return octets !== undefined && [6, 8, 20].includes(octets.length) ? octets : undefined;
}

/** What the installer says is wrong with a MAC address (validate.MAC's error), or undefined where nothing is. */
export function macProblem(text: string): string | undefined {
  const octets = goParseMac(text);
  if (octets === undefined) return `address ${text}: invalid MAC address`;
  if (octets.length !== 6) return "invalid MAC address";
  // The least significant bit of the first octet marks a multicast address.
  return (octets[0]! & 1) === 1 ? "expected unicast mac address, found multicast" : undefined;
}

/**
 * Go's net.HardwareAddr.String() of what net.ParseMAC reads: lower-case hex pairs joined by colons, as the
 * installer's defaults rewrite a fencing credential's macAddress; undefined where Go cannot parse it (left as is).
 */
export function goMacString(text: string): string | undefined {
  return goParseMac(text)
    ?.map((octet) => octet.toString(16).padStart(2, "0"))
    .join(":");
}
