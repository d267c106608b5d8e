// MAC derivation, one definition for the model and for the emitted HCL's format(): masters append one hex digit to
// their base, workers two. A bonded node's second chucky NIC takes the upper half of its base's window (index + 8
// for masters, index + 128 for workers), so with at most 8 masters and 128 workers it can never meet a first NIC or
// another second NIC.

export const macWindows = {
  master: { digits: 1, size: 16 },
  worker: { digits: 2, size: 256 },
} as const;
export type MacRole = keyof typeof macWindows;

export const bondOffset = (role: MacRole): number => macWindows[role].size / 2;
export const masterBondOffset = bondOffset("master");
export const workerBondOffset = bondOffset("worker");

/** The node's suffix as Terraform's format() writes it: "%x" for masters, "%02x" for workers. */
export const macFormat = (role: MacRole): string => {
  const { digits } = macWindows[role];
  return digits === 1 ? "%x" : `%0${digits}x`;
};

/** What format(macFormat(role)) gives, in TypeScript: lower-case hex, zero-padded to the window's digits. */
export const nodeMac = (role: MacRole, base: string, index: number): string =>
  base + index.toString(16).padStart(macWindows[role].digits, "0");
