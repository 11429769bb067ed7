/**
 * IANA zones by ISO country, used when a receiver row names no `time_zone`: the zone is derived from the
 * phone number's country. Where a country spans several zones we list the extremes the country's numbers
 * may be in, and the calling window must be open in ALL of them (a mobile number says nothing about where
 * in the country its owner is, so the conservative intersection is the only compliant choice).
 * Source: IANA tz database zone.tab (the zones listed are the ones with the westernmost/easternmost
 * offsets of each country's populated regions).
 */
export const zonesByCountry: Readonly<Record<string, readonly string[]>> = {
  US: ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles', 'America/Anchorage', 'Pacific/Honolulu'],
  CA: ['America/St_Johns', 'America/Halifax', 'America/Toronto', 'America/Winnipeg', 'America/Edmonton', 'America/Vancouver'],
  MX: ['America/Mexico_City', 'America/Cancun', 'America/Hermosillo', 'America/Tijuana'],
  BR: ['America/Sao_Paulo', 'America/Manaus', 'America/Rio_Branco', 'America/Noronha'],
  AR: ['America/Argentina/Buenos_Aires'], CL: ['America/Santiago'], CO: ['America/Bogota'], PE: ['America/Lima'],
  VE: ['America/Caracas'], EC: ['America/Guayaquil'], UY: ['America/Montevideo'], PY: ['America/Asuncion'], BO: ['America/La_Paz'],
  CR: ['America/Costa_Rica'], PA: ['America/Panama'], GT: ['America/Guatemala'], DO: ['America/Santo_Domingo'], PR: ['America/Puerto_Rico'],
  JM: ['America/Jamaica'], GU: ['Pacific/Guam'],
  GB: ['Europe/London'], IE: ['Europe/Dublin'], PT: ['Europe/Lisbon', 'Atlantic/Azores'], ES: ['Europe/Madrid', 'Atlantic/Canary'],
  FR: ['Europe/Paris'], BE: ['Europe/Brussels'], NL: ['Europe/Amsterdam'], LU: ['Europe/Luxembourg'], DE: ['Europe/Berlin'],
  CH: ['Europe/Zurich'], AT: ['Europe/Vienna'], IT: ['Europe/Rome'], DK: ['Europe/Copenhagen'], NO: ['Europe/Oslo'],
  SE: ['Europe/Stockholm'], FI: ['Europe/Helsinki'], IS: ['Atlantic/Reykjavik'], PL: ['Europe/Warsaw'], CZ: ['Europe/Prague'],
  SK: ['Europe/Bratislava'], HU: ['Europe/Budapest'], RO: ['Europe/Bucharest'], BG: ['Europe/Sofia'], GR: ['Europe/Athens'],
  HR: ['Europe/Zagreb'], SI: ['Europe/Ljubljana'], RS: ['Europe/Belgrade'], EE: ['Europe/Tallinn'], LV: ['Europe/Riga'],
  LT: ['Europe/Vilnius'], UA: ['Europe/Kyiv'], TR: ['Europe/Istanbul'], CY: ['Asia/Nicosia'], MT: ['Europe/Malta'],
  RU: ['Europe/Kaliningrad', 'Europe/Moscow', 'Asia/Yekaterinburg', 'Asia/Novosibirsk', 'Asia/Vladivostok', 'Asia/Kamchatka'],
  IL: ['Asia/Jerusalem'], AE: ['Asia/Dubai'], SA: ['Asia/Riyadh'], QA: ['Asia/Qatar'], KW: ['Asia/Kuwait'], BH: ['Asia/Bahrain'],
  OM: ['Asia/Muscat'], JO: ['Asia/Amman'], LB: ['Asia/Beirut'], EG: ['Africa/Cairo'], MA: ['Africa/Casablanca'], TN: ['Africa/Tunis'],
  NG: ['Africa/Lagos'], GH: ['Africa/Accra'], KE: ['Africa/Nairobi'], ZA: ['Africa/Johannesburg'], ET: ['Africa/Addis_Ababa'],
  IN: ['Asia/Kolkata'], PK: ['Asia/Karachi'], BD: ['Asia/Dhaka'], LK: ['Asia/Colombo'], NP: ['Asia/Kathmandu'],
  CN: ['Asia/Shanghai'], HK: ['Asia/Hong_Kong'], MO: ['Asia/Macau'], TW: ['Asia/Taipei'], JP: ['Asia/Tokyo'], KR: ['Asia/Seoul'],
  SG: ['Asia/Singapore'], MY: ['Asia/Kuala_Lumpur'], TH: ['Asia/Bangkok'], VN: ['Asia/Ho_Chi_Minh'], PH: ['Asia/Manila'],
  ID: ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'], AU: ['Australia/Sydney', 'Australia/Adelaide', 'Australia/Brisbane', 'Australia/Darwin', 'Australia/Perth'],
  NZ: ['Pacific/Auckland'], KZ: ['Asia/Almaty', 'Asia/Aqtobe'],
};

/** True when the runtime's ICU knows the zone (Node ships full ICU). */
export { isKnownTimeZone } from '@switchboard/shared/time';
