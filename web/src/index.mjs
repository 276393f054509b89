// callcore: a drop-in for @hubspot/calling-extensions-sdk with a WebAssembly core.
import CallingExtensions from "./calling-extensions.mjs";
import * as Constants from "./constants.mjs";
import { loadCore } from "./core.mjs";
import IFrameManager from "./iframe-manager.mjs";

export default CallingExtensions;
export { CallingExtensions, Constants, IFrameManager, loadCore };
