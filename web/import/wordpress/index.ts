// The WordPress import's formats (a subpath of its own, `@blog/shared/wordpress`: the site's
// browser code never loads an XML parser).
export * from './wxr.js';
export * from './html-to-blocks.js';
export * from './old-addresses.js';
export * from './items.js';
