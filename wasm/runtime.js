// callcore-core.js: the JavaScript around the WebAssembly core, in place of Emscripten's
// runtime (7 KB of the glue for what callcore never used: script and XHR loaders, file
// paths, run dependencies, exit handling). wasm/runtime.mjs writes it over the .js emcc
// links, with the functions of wasm/numbers.js where the marker below stands.
//
// The module is linked -sSTANDALONE_WASM: it grows its own memory and exports its names in
// full; it imports only the notice of that growth and the number conversions.
// The contract is the one of Emscripten's MODULARIZE factory, as the glue uses it
// (web/src/core-instance.mjs): createCallcoreModule({ instantiateWasm }) returns a promise of
// the module object it was given, on which each export is `_name` and the memory is seen
// through HEAPU8 and HEAP32 (new views after the memory grows). Instantiation is the
// caller's: instantiateWasm(imports, receiveInstance).
var createCallcoreModule = function (Module) {
  Module = Module || {};
  return new Promise(function (resolve, reject) {
    var memory, HEAPU8;
    function views() {
      Module.HEAPU8 = HEAPU8 = new Uint8Array(memory.buffer);
      Module.HEAP32 = new Int32Array(memory.buffer);
    }
    var env = {
      emscripten_notify_memory_growth: views,
      /* wasm/numbers.js */
    };
    function receiveInstance(instance) {
      var exports = instance.exports;
      memory = exports.memory;
      views();
      for (var name in exports) Module["_" + name] = exports[name];
      exports._initialize();
      resolve(Module);
    }
    try {
      Module.instantiateWasm({ env: env }, receiveInstance);
    } catch (error) {
      reject(error);
    }
  });
};
if (typeof module === "object" && module.exports) module.exports = createCallcoreModule;
