// Danish transliteration first, so "Særlig" becomes "saerlig" and not "srlig". The uid fields in
// cms/src/api/*/content-types/*/schema.json give the admin's slug generator the same replacements.
const REPLACEMENTS: Array<[RegExp, string]> = [
  [/æ/g, 'ae'],
  [/ø/g, 'oe'],
  [/å/g, 'aa'],
  [/ß/g, 'ss'],
];

/** A URL slug: lower case a–z, 0–9 and single hyphens, with æ→ae, ø→oe, å→aa. */
export function slugify(text: string): string {
  let slug = text.toLowerCase();
  for (const [pattern, replacement] of REPLACEMENTS) slug = slug.replace(pattern, replacement);
  return slug
    .normalize('NFKD')
    .replace(/\p{M}/gu, '') // drop accents left over after decomposition: é → e
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
