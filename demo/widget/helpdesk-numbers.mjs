// The demo app's answer to HubSpot's help-desk webhook: the numbers it offers, in the webhook
// shape (seed 003). Two of them show HubSpot's rules: a friendlyName over 24 characters (cut
// to 24) and a number with an extension (listed, not selectable). The 555-01xx and 020 7946 0xxx
// ranges are reserved for fiction, so nobody's real line is listed.
export const HELPDESK_NUMBERS = [
  { e164PhoneNumber: "+16175550100", friendlyName: "Support" },
  { e164PhoneNumber: "+442079460100", friendlyName: "London customer care hotline (24/7)" },
  { e164PhoneNumber: "+16175550101", extension: "204", friendlyName: "Billing, ext. 204" },
];
