// GET /calling-integration-popup-ui/{portalId}: the calling window, a page HubSpot serves at
// that path and opens as a popup (an app with usesCallingWindow false opens it itself, with
// ?usesCallingWindow=false). The page is static (public/calling-window.html): it reads the
// query and the provider in the browser and never has anything of the request written into it.
// Only this emulator's portal has one; any other id, or one that is not 1–15 digits, is a 404.
import path from "node:path";
import { notFound } from "../../lib/api-error.mjs";
import { sendFile } from "../../lib/static-files.mjs";

export const CALLING_WINDOW_ROUTE = "/calling-integration-popup-ui/:portalId";
const PORTAL_ID = /^[0-9]{1,15}$/;

export function addCallingWindowRoute(router, { portalId, publicDir }) {
  const page = path.join(publicDir, "calling-window.html");
  router.add(CALLING_WINDOW_ROUTE, {
    GET: async (req, res, { params }) => {
      // The id is not repeated in the answer: what a caller put in the path stays theirs.
      if (!PORTAL_ID.test(params.portalId) || params.portalId !== String(portalId)) {
        throw notFound("No calling window for this portal: the portal id must be this emulator's (digits only)");
      }
      if (!(await sendFile(req, res, page))) throw notFound("The calling window page is missing from the emulator's public files");
    },
  });
}
