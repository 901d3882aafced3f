// Writes src/content-model.ts from the CMS's schemas (cms/src/api/*/content-types/*/schema.json and
// cms/src/components/*/*.json): the one description of the content model that the shared JSON
// types, the site's REST queries and its collection schemas are derived from. Runs before every
// build of this package; tests/unit/content-model.test.ts fails when the file is out of date.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const cmsSrc = fileURLToPath(new URL('../../cms/src/', import.meta.url));
export const OUTPUT = fileURLToPath(new URL('../src/content-model.ts', import.meta.url));

/** What the site's code needs of an attribute; the rest (lengths, admin options) stays in the CMS. */
const KEPT = ['type', 'required', 'multiple', 'repeatable', 'component', 'relation', 'target'];

function attributes(schema) {
  return Object.fromEntries(
    Object.entries(schema.attributes)
      // Private fields are the CMS's own (a post's "Send som nyhedsbrev"): not the site's to read.
      .filter(([, attribute]) => !attribute.private)
      .map(([name, attribute]) => {
        const kept = Object.fromEntries(
          KEPT.filter((key) => key in attribute).map((key) => [key, attribute[key]]),
        );
        // The inverse side of a relation (mappedBy) is read from the owning side.
        if (attribute.mappedBy) kept.inverse = true;
        if ('default' in attribute) kept.default = attribute.default;
        return [name, kept];
      }),
  );
}

const sorted = (entries) => entries.sort(([a], [b]) => a.localeCompare(b));

/**
 * Content types that are not the site's content: inquiries are readers' messages to the
 * consultant, import records an import's bookkeeping; neither is read by the site (nor allowed to
 * its token, which is made from this model).
 */
const NOT_SITE_CONTENT = new Set([
  'inquiry',
  'import-record',
  'subscriber',
  'newsletter-issue',
  'newsletter-delivery',
]);

/** The generated module's text. */
export function contentModelSource() {
  const apiDir = path.join(cmsSrc, 'api');
  const types = sorted(
    fs
      .readdirSync(apiDir)
      .flatMap((api) => {
        const dir = path.join(apiDir, api, 'content-types');
        return fs.existsSync(dir) ? fs.readdirSync(dir).map((name) => [api, name]) : [];
      })
      .filter(([, name]) => !NOT_SITE_CONTENT.has(name))
      .map(([api, name]) => {
        const schema = JSON.parse(
          fs.readFileSync(path.join(apiDir, api, 'content-types', name, 'schema.json'), 'utf8'),
        );
        return [
          schema.info.singularName,
          {
            uid: `api::${api}.${name}`,
            kind: schema.kind,
            plural: schema.info.pluralName,
            draftAndPublish: schema.options?.draftAndPublish === true,
            attributes: attributes(schema),
          },
        ];
      }),
  );
  const componentsDir = path.join(cmsSrc, 'components');
  const components = sorted(
    fs.readdirSync(componentsDir).flatMap((category) =>
      fs
        .readdirSync(path.join(componentsDir, category))
        .filter((file) => file.endsWith('.json'))
        .map((file) => [
          `${category}.${file.replace(/\.json$/, '')}`,
          {
            attributes: attributes(
              JSON.parse(fs.readFileSync(path.join(componentsDir, category, file), 'utf8')),
            ),
          },
        ]),
    ),
  );
  const model = { types: Object.fromEntries(types), components: Object.fromEntries(components) };
  return `// Generated from the CMS's schemas by shared/scripts/generate-content-model.mjs (it runs in
// \`npm run build -w shared\`). Do not edit: change the schema in cms/src and build.
export const CONTENT_MODEL = ${JSON.stringify(model, null, 2)} as const;
`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const source = contentModelSource();
  if (!fs.existsSync(OUTPUT) || fs.readFileSync(OUTPUT, 'utf8') !== source) {
    fs.writeFileSync(OUTPUT, source);
    console.log(`Wrote ${path.relative(process.cwd(), OUTPUT)} from the CMS's schemas`);
  }
}
