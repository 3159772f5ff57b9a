// Masks applied as people type (UX: "CPF 000.000.000-00, CEP 00000-000, phone (81) 99999-9999;
// paste of unformatted digits works"). Each takes whatever was typed or pasted and gives the
// masked text; the backend checks the digits and keeps them without the mask.

/** Only the digits of `text`, at most `max`. */
export function digitsOf(text: string, max = Infinity): string {
  return text.replace(/\D/g, "").slice(0, max);
}

/** "52998224725" → "529.982.247-25" (partial input stays partial). */
export function maskCpf(text: string): string {
  const d = digitsOf(text, 11);
  if (d.length <= 3) return d;
  if (d.length <= 6) return `${d.slice(0, 3)}.${d.slice(3)}`;
  if (d.length <= 9) return `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6)}`;
  return `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6, 9)}-${d.slice(9)}`;
}

/** "51020010" → "51020-010". */
export function maskCep(text: string): string {
  const d = digitsOf(text, 8);
  return d.length <= 5 ? d : `${d.slice(0, 5)}-${d.slice(5)}`;
}

/** "81998765432" → "(81) 99876-5432"; landlines "8132221100" → "(81) 3222-1100". A leading
 * +55 is dropped. */
export function maskPhone(text: string): string {
  let d = text.replace(/\D/g, "");
  if (text.trim().startsWith("+") && d.startsWith("55")) d = d.slice(2);
  d = d.slice(0, 11);
  if (d.length === 0) return "";
  if (d.length <= 2) return `(${d}`;
  const ddd = d.slice(0, 2);
  const rest = d.slice(2);
  // Mobiles (9 digits after the DDD) start with 9; landlines (8) with 2–5.
  const split = rest.startsWith("9") ? 5 : 4;
  if (rest.length <= split) return `(${ddd}) ${rest}`;
  return `(${ddd}) ${rest.slice(0, split)}-${rest.slice(split)}`;
}

/** "-8,05, -34,90" or "-8.05 -34.90" (as copied from a map) → [lat, lon], or null. */
export function parseCoordinates(text: string): [number, number] | null {
  const cleaned = text.trim();
  if (!cleaned) return null;
  // Either "lat, lon" with points, or "lat; lon" / "lat lon" with decimal commas.
  const parts = cleaned.includes(";")
    ? cleaned.split(";")
    : /^\s*-?\d+,\d+\s*,\s*-?\d+,\d+\s*$/.test(cleaned)
      ? cleaned.split(/,\s+|\s*,\s*(?=-?\d+,\d+\s*$)/)
      : cleaned.split(/[\s,]+/);
  if (parts.length !== 2) return null;
  const [lat, lon] = parts.map((p) => Number(p.trim().replace(",", ".")));
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) return null;
  if (lat < -90 || lat > 90 || lon < -180 || lon > 180 || (lat === 0 && lon === 0)) return null;
  return [lat, lon];
}

/** [lat, lon] → "-8.05000, -34.90000". */
export function formatCoordinates(lat: number | null, lon: number | null): string {
  return lat === null || lon === null ? "" : `${lat.toFixed(5)}, ${lon.toFixed(5)}`;
}
