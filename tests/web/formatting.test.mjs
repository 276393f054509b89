// The WebAssembly build prints and reads numbers without musl's printf and strtod, which work in
// soft-float long double (wasm/format.c, wasm/strtod_fast.c, with the conversions of
// wasm/numbers.js). build-wasm/wasm/numbers-check.js links callcore's versions beside musl's
// and compares them on seeded random formats and texts: every flag, width, precision, length and
// conversion the replacement supports, with doubles that stress rounding (halfway cases, 17-digit
// integers, subnormals, the ends of the range) and number texts of every kind strtod reads
// (decimal of any length, hexadecimal into the subnormals, inf, nan, partial exponents); and
// wasm/strstr_small.c against musl's strstr.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import test from "node:test";

const require = createRequire(import.meta.url);
const harness = new URL("../../build-wasm/wasm/numbers-check.js", import.meta.url);

test("snprintf and strtod of the WebAssembly core print and read what musl's do", { skip: !existsSync(harness) && "build first (npm run build)" }, async () => {
  const lines = [];
  const module = await require(harness.pathname)({ print: (line) => lines.push(line) });
  let differences = 0;
  for (const seed of [1, 2]) differences += module._numbers_check(seed, 60000);
  assert.equal(differences, 0, lines.join("\n"));
});
