// The two number conversions the WebAssembly core asks JavaScript for, in place of musl's
// strtod and printf, which work in soft-float long double (wasm/strtod_fast.c, wasm/format.c).
// An Emscripten JS library (emcc --js-library) so that emcc links the imports; the runtime the
// module ships with (wasm/runtime.js) takes these functions from here (wasm/runtime.mjs). Both
// read the module's memory as HEAPU8. No BigInt literals: emcc's JS tools predate them.
mergeInto(LibraryManager.library, {
  // The decimal text at text (its strtod prefix: sign, digits, '.', exponent) as a double:
  // Number() rounds correctly, as musl's strtod does.
  cc_js_strtod: function (text, length) {
    var s = "";
    for (var i = 0; i < length; i++) s += String.fromCharCode(HEAPU8[text + i]);
    return +s;
  },

  // A finite x >= 0 as printf's %e %f %g (conversion: a character code; E F G in upper case)
  // with the precision and the # flag: exact, rounded half to even like musl. Writes at most
  // capacity bytes at out and returns the whole length.
  cc_js_format: function (x, conversion, precision, alternate, out, capacity) {
    var big = BigInt, one = big(1), ten = big(10);
    var bits = new BigUint64Array(new Float64Array([x]).buffer)[0];
    var e = Number(bits >> big(52)), m = bits & ((one << big(52)) - one);
    if (e) m |= one << big(52);
    else e = 1;
    e -= 1075; // x = m * 2^e
    // x * 10^k rounded to a whole number, half to even (or rounded down)
    function scaled(k, down) {
      var n = e < 0 ? m : m << big(e), d = e < 0 ? one << big(-e) : one;
      if (k < 0) d *= ten ** big(-k);
      else n *= ten ** big(k);
      var q = n / d, r = (n % d) * big(2);
      return !down && (r > d || (r == d && q & one)) ? q + one : q;
    }
    var style = conversion | 32, p = precision, x10 = 0, digits, s;
    if (style == 102) {
      digits = scaled(p).toString();
    } else {
      // P significant digits; x10, the exponent they are written with
      if (style == 103 && !p) p = 1;
      if (style == 101) p++;
      var low = ten ** big(p - 1), q = big(0);
      if (x) {
        // 10^x10 <= x < 10^(x10 + 1), exactly; then rounding to P digits may carry into x10 + 1
        x10 = Math.floor(Math.log10(x));
        for (;;) {
          q = scaled(p - 1 - x10, 1);
          if (q >= low * ten) x10++;
          else if (q < low) x10--;
          else break;
        }
        q = scaled(p - 1 - x10);
        if (q == low * ten) {
          q = low;
          x10++;
        }
      }
      digits = q.toString();
      if (!x) digits = digits.padEnd(p, "0");
      if (style == 103 && p > x10 && x10 >= -4) {
        style = 102; // %g as %f: precision P - 1 - X, the same digits
        p = p - 1 - x10;
      } else {
        p--;
      }
    }
    if (style == 102) {
      while (digits.length <= p) digits = "0" + digits;
      var whole = digits.slice(0, digits.length - p), fraction = digits.slice(digits.length - p);
    } else {
      whole = digits[0];
      fraction = digits.slice(1);
    }
    if ((conversion | 32) == 103 && !alternate) fraction = fraction.replace(/0+$/, "");
    s = whole + (fraction || alternate ? "." + fraction : "");
    if (style != 102) s += "e" + (x10 < 0 ? "-" : "+") + (x10 < 10 && x10 > -10 ? "0" : "") + Math.abs(x10);
    if (conversion < 97) s = s.toUpperCase();
    for (var i = 0; i < s.length && i < capacity; i++) HEAPU8[out + i] = s.charCodeAt(i);
    return s.length;
  },
});
