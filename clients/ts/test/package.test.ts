// The npm package as an integrator gets it: its exports resolve by the
// package's own name (Node's self-reference), and `npm pack` ships the
// compiled client with its declarations, but not the tests.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";

const pkgDir = new URL("../../", import.meta.url); // dist/test/ → the package
const pkg = JSON.parse(readFileSync(new URL("package.json", pkgDir), "utf8"));

test("the package is publishable: no private flag, a version, exports and files", () => {
  assert.equal(pkg.private, undefined);
  assert.equal(pkg.name, "@zerenlab/zeren-client");
  assert.match(pkg.version, /^\d+\.\d+\.\d+/);
  assert.ok(pkg.exports["./zeren/v1/*"], "exports ./zeren/v1/*");
});

test("./zeren/v1/service_pb resolves through the exports to the services", async () => {
  // A variable, so that tsc leaves the specifier to Node's resolution.
  const spec = `${pkg.name}/zeren/v1/service_pb`;
  const m = await import(spec);
  assert.equal(m.HierarchyService.typeName, "zeren.v1.HierarchyService");
  assert.equal(m.ValidationProblemSchema.typeName, "zeren.v1.ValidationProblem");
});

test("npm pack ships the compiled client and its declarations, not the tests", async () => {
  const { stdout } = await promisify(execFile)("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: pkgDir,
  });
  const files: string[] = JSON.parse(stdout)[0].files.map((f: { path: string }) => f.path);
  for (const want of [
    "package.json",
    "dist/src/gen/zeren/v1/service_pb.js",
    "dist/src/gen/zeren/v1/service_pb.d.ts",
    "src/gen/zeren/v1/service_pb.ts",
  ]) {
    assert.ok(files.includes(want), `${want} is packed`);
  }
  assert.ok(!files.some((f) => f.startsWith("dist/test/") || f.startsWith("test/")), "no tests packed");
});
