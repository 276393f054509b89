// The TypeScript declarations (web/dist/callcore.d.ts, reached through
// package.json "exports"/"types" as `import ... from "callcore"`) type-check
// a real use and reject misuse: tests/web/types-check.ts under tsc --strict.
//
// The installed compiler is TypeScript 5.9 (node_modules/.bin/tsc). Given files
// on the command line it ignores any tsconfig, so everything is a flag:
// resolving the package by its own name through "exports" needs
// moduleResolution bundler (or node16/nodenext); the declarations mention
// HTMLIFrameElement, hence the DOM lib. --skipDefaultLibCheck skips checking
// TypeScript's own lib files only (callcore.d.ts is still checked): 2 s, not 5.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { before, test } from "node:test";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const tsc = fileURLToPath(new URL("../../node_modules/.bin/tsc", import.meta.url));
const FLAGS = [
  "--noEmit", "--strict", "--target", "es2022", "--lib", "es2022,dom", "--module", "esnext",
  "--moduleResolution", "bundler", "--skipDefaultLibCheck", "--pretty", "false", "--listFiles",
];
const CHECK = "tests/web/types-check.ts";
const DROP_IN = "tests/web/types-dropin.ts";

let result;
before(async () => {
  assert.ok(existsSync(tsc), `${tsc} (npm install)`);
  // one compiler run for both files; diagnostics are sorted out per file below
  result = await new Promise((resolve) => {
    execFile(process.execPath, [tsc, ...FLAGS, CHECK, DROP_IN], { cwd: root, timeout: 60000 }, (error, stdout, stderr) => {
      const lines = `${stdout}${stderr}`.split("\n").filter(Boolean);
      resolve({
        code: error ? error.code : 0,
        files: lines.filter((l) => !/\(\d+,\d+\): error /.test(l) && !l.startsWith("error")),
        errors: lines.filter((l) => /error TS\d+/.test(l)),
      });
    });
  });
});

test("types-check.ts compiles under tsc --noEmit --strict: typed handlers and payloads, every @ts-expect-error used", () => {
  const mine = result.errors.filter((line) => !line.startsWith(DROP_IN));
  assert.deepEqual(mine, []);
});

test("the declarations compiled are the ones package.json points at", () => {
  assert.ok(result.files.some((f) => f.endsWith("web/dist/callcore.d.ts")), result.files.join("\n"));
  assert.ok(result.files.some((f) => f.endsWith("calling-extensions-sdk/dist/types/src/types.d.ts")), "the reference's types, compared with");
});

test(
  "a TypeScript app using the reference's exported payload types compiles with only its import changed",
  () => {
    assert.deepEqual(result.errors.filter((line) => line.startsWith(DROP_IN)), []);
  },
);
