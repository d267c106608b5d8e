// Tests are TypeScript ES modules, transformed by swc; run jest with --experimental-vm-modules (see package.json).
// Four tiers, apart so that the fast one runs alone in seconds (npm run test:unit):
//   unit          in process, mirroring generator/: given → want tables per module
//   process       the built command as a process: hostile input, kills, full disks, the packed tarball
//   terraform     real Terraform (with the stand-in provider), cloud-init and Ansible over the committed output
//   real-libvirt  the real provider on a real libvirt/KVM host in the tests' own namespaces
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
const tier = (name) => ({ ...shared, displayName: name, testMatch: [`<rootDir>/test/${name}/**/*.test.ts`] });

export default {
  projects: ["unit", "process", "terraform", "real-libvirt"].map(tier),
  testTimeout: 120000,
  // One worker per core, where jest's default is one fewer (so a single worker, running every file in turn, on the
  // 2-core machines this project runs on): most files mostly wait for Terraform, npm or the command they start, and
  // meanwhile another file's tests can use the core. Within a file, Terraform runs go a few at a time (test/pool.ts).
  maxWorkers: "100%",
  // A run must leave no temporary file and no process behind: the teardown fails the run when it does.
  globalSetup: "<rootDir>/test/global-setup.ts",
  globalTeardown: "<rootDir>/test/global-teardown.ts",
};
