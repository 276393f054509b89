// The CRM records the host page shows and edits, and each record's engagement timeline.
import { notFound } from "../../lib/api-error.mjs";
import { jsonEndpoint } from "../../lib/respond.mjs";
import { parseId, readInternalJson } from "./internal-input.mjs";
import { recordInput } from "./record-input.mjs";
import { RECORD_KINDS } from "./records.mjs";

function kindOf(text) {
  if (!Object.hasOwn(RECORD_KINDS, text)) throw notFound(`No record kind ${JSON.stringify(text)}; use contacts or companies`);
  return text;
}

export function addRecordRoutes(router, ctx) {
  const { records, engagements } = ctx;
  const existing = (kind, idText) => {
    const { singular } = RECORD_KINDS[kind];
    const id = parseId(idText, singular);
    const record = records.get(kind, id);
    if (!record) throw notFound(`No ${singular} ${id}`);
    return record;
  };

  router.add("/_emulator/records", {
    GET: jsonEndpoint(async () => ({
      status: 200,
      body: { contacts: records.list("contacts"), companies: records.list("companies") },
    })),
  });

  router.add("/_emulator/records/:kind", {
    POST: jsonEndpoint(async (req, { params }) => {
      const kind = kindOf(params.kind);
      const value = await readInternalJson(req, ctx);
      return { status: 201, body: records.create(kind, recordInput(kind, value, { creating: true })) };
    }),
  });

  router.add("/_emulator/records/:kind/:id", {
    GET: jsonEndpoint(async (req, { params }) => ({ status: 200, body: existing(kindOf(params.kind), params.id) })),
    PATCH: jsonEndpoint(async (req, { params }) => {
      const kind = kindOf(params.kind);
      const { id } = existing(kind, params.id);
      const value = await readInternalJson(req, ctx);
      return { status: 200, body: records.update(kind, id, recordInput(kind, value, { creating: false })) };
    }),
  });

  router.add("/_emulator/records/:kind/:id/engagements", {
    GET: jsonEndpoint(async (req, { params }) => {
      const kind = kindOf(params.kind);
      const { id } = existing(kind, params.id);
      return { status: 200, body: engagements.forRecord(RECORD_KINDS[kind].objectType, id) };
    }),
  });
}
