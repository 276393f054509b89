// The Emscripten module around a compiled core, and the catalogue's text from it.
// Nothing here reads the generated catalogue, so web/tools/generate.mjs, which
// writes that catalogue, loads the core through this file before the rest of the
// glue can be imported.

/**
 * The Emscripten module around an instance of the compiled WebAssembly (it loads
 * nothing itself). A module already compiled is instantiated at once, so the
 * promise settles within the current task.
 */
export function instantiate(createModule, wasm) {
  return new Promise((resolve, reject) => {
    createModule({
      instantiateWasm(imports, receiveInstance) {
        if (wasm instanceof WebAssembly.Module) {
          try {
            receiveInstance(new WebAssembly.Instance(wasm, imports));
            return {};
          } catch {
            // an engine that will not instantiate synchronously: the same, asynchronously
          }
        }
        Promise.resolve(wasm)
          .then((module) => WebAssembly.instantiate(module, imports))
          .then((instance) => receiveInstance(instance), reject);
        return {}; // the exports arrive through receiveInstance
      },
    }).then(resolve, reject);
  });
}

const decoder = new TextDecoder();
// Texts up to this length that are all ASCII (most drained actions) are read by
// a loop: in Chromium a TextDecoder.decode costs about a microsecond of binding
// before it reads a byte, as encodeInto does on the way in (see core.mjs).
const ASCII_LOOP_MAX = 1024;

/** A NUL-terminated UTF-8 string of the core's as a JS string. */
export function textAt(module, pointer) {
  const heap = module.HEAPU8;
  const limit = Math.min(heap.length, pointer + ASCII_LOOP_MAX);
  let end = pointer;
  while (end < limit && heap[end] !== 0 && heap[end] < 0x80) end++;
  if (end < limit && heap[end] === 0) return String.fromCharCode.apply(null, heap.subarray(pointer, end));
  return decoder.decode(heap.subarray(pointer, heap.indexOf(0, pointer)));
}

/** Reads and frees a string the core handed over. */
export function takeText(module, pointer) {
  if (!pointer) throw new Error("callcore: out of memory");
  const text = textAt(module, pointer);
  module._callcore_free(pointer);
  return text;
}

/** The catalogue (callcore_catalog_json, see core/include/callcore.h) as JSON text. */
export function catalogJson(module) {
  return takeText(module, module._callcore_catalog_json());
}
