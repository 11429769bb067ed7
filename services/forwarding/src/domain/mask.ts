/**
 * Phone numbers never go into logs whole. Not the kit's maskPhoneNumber: that one loads libphonenumber's full
 * metadata, which the telephony bundle (cold starts count on a phone line) otherwise never needs.
 */

/** `+13125550100` → `+1312***0100`. */
export function maskE164(e164: string | undefined): string | undefined {
  return e164 && e164.length > 8 ? `${e164.slice(0, 5)}***${e164.slice(-4)}` : e164;
}

/** Masks every E.164 number inside a free text (error messages often quote the number they are about). */
export function maskNumbersIn(text: string): string {
  return text.replace(/\+[1-9][0-9]{6,14}/g, (n) => maskE164(n) ?? n);
}
