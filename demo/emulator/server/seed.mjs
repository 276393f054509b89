// First-run data: a few CRM records and the demo app (id 1) registered as a calling provider
// with its help-desk webhook, so `npm start` shows a working softphone with no setup.

export const DEMO_APP_ID = 1;

const CONTACTS = [
  { firstName: "Maria", lastName: "Johnson", email: "emailmaria@hubspot.com", phone: "+18884827768" },
  { firstName: "Brian", lastName: "Halligan", email: "bh@hubspot.com", phone: "+16175550142" },
  { firstName: "Amelia", lastName: "Hart", email: "amelia.hart@example.co.uk", phone: "+442079460958" },
];

// HubSpot shares Maria's number, so a call from it shows a contact and a company match.
const COMPANIES = [
  { name: "HubSpot", domain: "hubspot.com", phone: "+18884827768" },
  { name: "British Museum", domain: "britishmuseum.org", phone: "+442073238299" },
];

const demoWidgetUrl = (origin) => `${origin}/`;
const demoWebhookUrl = (origin) => `${origin}/helpdesk/webhook`;

// isReady false, as a developer registers an app under test: the host page shows it only with
// the localStorage override, as HubSpot does.
const demoSettings = (origin) => ({
  name: "callcore demo",
  url: demoWidgetUrl(origin),
  width: 400,
  height: 650,
  isReady: false,
  supportsCustomObjects: false,
  supportsInboundCalling: true,
  usesCallingWindow: false,
  usesRemote: false,
});

/** Seeds once (remembered in meta), then keeps the demo app pointing at the running widget. */
export function seed({ db, meta, records, settings, channels }, widgetOrigin) {
  db.transaction(() => {
    if (!meta.get("seeded")) {
      for (const contact of CONTACTS) records.create("contacts", contact);
      for (const company of COMPANIES) records.create("companies", company);
      settings.create(DEMO_APP_ID, demoSettings(widgetOrigin));
      // Seeded directly, not through the core: with --http the webhook is plain http, which the
      // REST endpoint (like HubSpot) would refuse, yet the local demo should still work.
      channels.create(DEMO_APP_ID, { url: demoWebhookUrl(widgetOrigin), isReady: false });
      meta.set("seeded", new Date().toISOString());
      meta.set("demoWidgetOrigin", widgetOrigin);
    }
    followWidgetOrigin({ meta, settings, channels }, widgetOrigin);
  })();
}

// The widget may run on another port or scheme than last time (--widget-port, --http). Move the
// demo app's URLs along, unless someone changed them by hand: those edits are theirs to keep.
function followWidgetOrigin({ meta, settings, channels }, widgetOrigin) {
  const previous = meta.get("demoWidgetOrigin");
  if (previous === widgetOrigin) return;
  if (settings.get(DEMO_APP_ID)?.url === demoWidgetUrl(previous)) {
    settings.patch(DEMO_APP_ID, { url: demoWidgetUrl(widgetOrigin) });
  }
  if (channels.get(DEMO_APP_ID)?.url === demoWebhookUrl(previous)) {
    channels.patch(DEMO_APP_ID, { url: demoWebhookUrl(widgetOrigin) });
  }
  meta.set("demoWidgetOrigin", widgetOrigin);
}
