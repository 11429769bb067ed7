/**
 * The seed's device-data items (reference/iot-triage-contact-center/device-data.seed-items.json) → site records.
 * The seed stores one 10-digit contact without a country code and dials it as is; here it becomes E.164 (+1: every
 * seed site is in the US) and the first entry of an ordered contact list that escalation walks.
 */
import * as z from 'zod';
import { isE164 } from '@switchboard/shared/phone';
import type { DeviceRecord, SiteContact } from './ports.ts';
import { thingNameSchema } from './messages.ts';

const seedItemSchema = z.object({
  deviceid: thingNameSchema,
  device_location_address: z.string(),
  device_location_city: z.string(),
  device_location_country: z.string(),
  device_location_state: z.string(),
  device_location_zip: z.string(),
  siteowner: z.string(),
  siteownercontact: z.string(),
});

/**
 * The seed's contact in E.164 form (format only: whether it may be dialled is the toll-fraud guard's call, when
 * the site record is saved through the API and again before each call).
 */
export function toE164(raw: string, country: string): string | undefined {
  const digits = raw.replace(/[^0-9+]/g, '');
  if (isE164(digits)) return digits;
  if (country === 'US' && /^[0-9]{10}$/.test(digits)) return `+1${digits}`;
  if (country === 'US' && /^1[0-9]{10}$/.test(digits)) return `+${digits}`;
  return undefined;
}

export function seedDevices(items: readonly unknown[], options: { backupContact?: SiteContact } = {}): DeviceRecord[] {
  return items.map((raw) => {
    const item = seedItemSchema.parse(raw);
    const phone = toE164(item.siteownercontact, item.device_location_country);
    const contacts: SiteContact[] = phone ? [{ name: item.siteowner, phoneNumber: phone }] : [];
    if (options.backupContact) contacts.push(options.backupContact);
    return {
      deviceId: item.deviceid,
      siteOwner: item.siteowner,
      address: {
        street: item.device_location_address,
        city: item.device_location_city,
        state: item.device_location_state,
        zip: item.device_location_zip,
        country: item.device_location_country,
      },
      contacts,
    };
  });
}
