// The WordPress export's formats, read by the import (../wordpress-import.ts): the WXR file, its
// HTML as blocks, its items' plans and the old addresses that redirect.
export * from './wxr.ts';
export * from './html-to-blocks.ts';
export * from './old-addresses.ts';
export * from './items.ts';
