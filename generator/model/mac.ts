// MAC derivation, mirrored in the emitted HCL by format(): masters append one hex digit to their base, workers two.
// A bonded node's second chucky NIC takes the upper half of its base's window (index + 8 for masters, index + 128
// for workers), so with at most 8 masters and 128 workers it can never meet a first NIC or another second NIC.

export const masterMacWindow = 16;
export const workerMacWindow = 256;
export const masterBondOffset = masterMacWindow / 2;
export const workerBondOffset = workerMacWindow / 2;

export const masterMac = (base: string, index: number): string => base + index.toString(16);
export const workerMac = (base: string, index: number): string => base + index.toString(16).padStart(2, "0");
