// Tests are TypeScript ES modules, transformed by swc; run jest with --experimental-vm-modules (see package.json).
// Four tiers, apart so that the fast one runs alone in seconds (npm run test:unit):
//   unit          in process, mirroring generator/ and the two packages: given → want tables per module
//   process       the built command as a process: hostile input, kills, full disks, the packed tarball
//   terraform     real Terraform (with the stand-in provider), cloud-init and Ansible over the committed output
//   real-libvirt  the real provider on a real libvirt/KVM host in the tests' own namespaces
import { existsSync } from "node:fs";
import path from "node:path";

const shared = {
  testEnvironment: "node",
  extensionsToTreatAsEsm: [".ts"],
  moduleFileExtensions: ["ts", "js", "json"],
  transform: {
    "^.+\\.ts$": [
      "@swc/jest",
      { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "es6" } },
    ],
  },
};
// One worker per core, where jest's default is one fewer (so a single worker, running every file in turn, on the
// 2-core machines this project runs on): most files mostly wait for Terraform, npm or the command they start, and
// meanwhile another file's tests can use the core. Within a file, Terraform runs go a few at a time (test/pool.ts).
// But one worker, as before, where the real-libvirt tier can run (root, with libvirtd on PATH: its first checks,
// test/real-libvirt/prerequisites.ts): each of its files starts a sandbox and VMs of its own, and its time limits
// and CI's budgets were set with one file at a time.
function realLibvirtMayRun() {
  if (process.getuid?.() !== 0) return false;
  return (process.env.PATH ?? "")
    .split(path.delimiter)
    .some((dir) => dir !== "" && existsSync(path.join(dir, "libvirtd")));
}

const tier = (name) => ({ ...shared, displayName: name, testMatch: [`<rootDir>/test/${name}/**/*.test.ts`] });

export default {
  projects: ["unit", "process", "terraform", "real-libvirt"].map(tier),
  testTimeout: 120000,
  maxWorkers: realLibvirtMayRun() ? 1 : "100%",
  // A run must leave no temporary file and no process behind: the teardown fails the run when it does.
  globalSetup: "<rootDir>/test/global-setup.ts",
  globalTeardown: "<rootDir>/test/global-teardown.ts",
};
