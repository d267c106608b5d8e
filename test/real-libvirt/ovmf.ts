// Debian's ovmf package: the UEFI firmware the UEFI lab boots, in place of the RHEL edk2 paths that the generated
// input-vars.tf defaults to. The plain (non-secboot) builds: the secboot ones need SMM and q35, and the provider
// defines i440fx domains. The 2 MiB pair is the lab's firmware; the 4 MiB pair stands for the loader that
// sushy-tools switches a node to when Ironic sets its boot mode (its SUSHY_EMULATOR_BOOT_LOADER_MAP).
export const OVMF = {
  code: "/usr/share/OVMF/OVMF_CODE.fd",
  vars: "/usr/share/OVMF/OVMF_VARS.fd",
  code4m: "/usr/share/OVMF/OVMF_CODE_4M.fd",
  vars4m: "/usr/share/OVMF/OVMF_VARS_4M.fd",
} as const;
