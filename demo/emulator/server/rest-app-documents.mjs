// Calling settings and channel connection, POST/GET/PATCH/DELETE under both API prefixes.
//
// Status codes (the seeds only say "successful operation"):
// - POST answers 200 with the stored object: HubSpot's reference documents that response as the
//   200 one, and a client checking for 200 must not break here. 201 would be plainer REST, but
//   fidelity to the real API is the point of the emulator.
// - POST when the app already has one answers 409 CONFLICT, as HubSpot does for a second create
//   of a unique object; silently replacing would hide a client's create/update mix-up. PATCH
//   changes it, DELETE removes it.
// - GET/PATCH/DELETE of an app with nothing stored answer 404 OBJECT_NOT_FOUND.
// - DELETE answers 204 No Content (seed 003 says so for the channel connection; settings match).
import { conflict, notFound } from "../../lib/api-error.mjs";
import { restEndpoint } from "./rest-endpoint.mjs";
import { fieldsOf, pick, readValidated } from "./validate.mjs";

// The same resources on the developer-API-key host paths and the dated OAuth ones.
export const API_PREFIXES = [
  { base: "/crm/v3/extensions/calling", auth: "hapikey" },
  { base: "/crm/extensions/calling/2026-03", auth: "bearer" },
];

export function addAppDocumentRoutes(router, ctx) {
  const resources = [
    { path: "settings", store: ctx.settings, kind: "settings", label: "calling settings" },
    { path: "settings/channel-connection", store: ctx.channels, kind: "channelConnection", label: "channel connection" },
  ];
  for (const { base, auth } of API_PREFIXES) {
    for (const resource of resources) {
      router.add(`${base}/:appId/${resource.path}`, handlersFor(resource, auth, ctx));
    }
  }
}

function handlersFor({ store, kind, label }, auth, ctx) {
  const { core, authenticate } = ctx;
  const fields = fieldsOf(core, `${kind}.create`);
  const endpoint = (handler) => restEndpoint(authenticate, auth, handler);
  const missing = (appId) => notFound(`App ${appId} has no ${label}`);

  const validBody = async (req, rule) => pick(await readValidated(req, ctx, `${kind}.${rule}`), fields);

  return {
    POST: endpoint(async ({ req, appId }) => {
      const document = store.create(appId, await validBody(req, "create"));
      if (!document) throw conflict(`App ${appId} already has its ${label}; PATCH it, or DELETE it first`);
      return { status: 200, body: document };
    }),
    GET: endpoint(async ({ appId }) => {
      const document = store.get(appId);
      if (!document) throw missing(appId);
      return { status: 200, body: document };
    }),
    PATCH: endpoint(async ({ req, appId }) => {
      const document = store.patch(appId, await validBody(req, "patch"));
      if (!document) throw missing(appId);
      return { status: 200, body: document };
    }),
    DELETE: endpoint(async ({ appId }) => {
      if (!store.remove(appId)) throw missing(appId);
      return { status: 204 };
    }),
  };
}
