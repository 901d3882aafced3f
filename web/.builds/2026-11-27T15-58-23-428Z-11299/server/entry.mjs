import { renderers } from './renderers.mjs';
import { c as createExports, s as serverEntrypointModule } from './chunks/_@astrojs-ssr-adapter_E5zmLE0T.mjs';
import { manifest } from './manifest_BRV1Bg8j.mjs';

const serverIslandMap = new Map();;

const _page0 = () => import('./pages/_image/index.astro.mjs');
const _page1 = () => import('./pages/404.astro.mjs');
const _page2 = () => import('./pages/blog/_slug_.astro.mjs');
const _page3 = () => import('./pages/emner/_slug_.astro.mjs');
const _page4 = () => import('./pages/forfattere/_slug_.astro.mjs');
const _page5 = () => import('./pages/holdninger/_slug_.astro.mjs');
const _page6 = () => import('./pages/holdninger.astro.mjs');
const _page7 = () => import('./pages/kontakt.astro.mjs');
const _page8 = () => import('./pages/preview/_type_/_documentid_.astro.mjs');
const _page9 = () => import('./pages/robots.txt.astro.mjs');
const _page10 = () => import('./pages/rss.xml.astro.mjs');
const _page11 = () => import('./pages/side/_page_.astro.mjs');
const _page12 = () => import('./pages/index.astro.mjs');
const pageMap = new Map([
    ["../node_modules/astro/dist/assets/endpoint/node.js", _page0],
    ["src/pages/404.astro", _page1],
    ["src/pages/blog/[slug].astro", _page2],
    ["src/pages/emner/[slug].astro", _page3],
    ["src/pages/forfattere/[slug].astro", _page4],
    ["src/pages/holdninger/[slug].astro", _page5],
    ["src/pages/holdninger/index.astro", _page6],
    ["src/pages/kontakt.astro", _page7],
    ["src/preview/PreviewPage.astro", _page8],
    ["src/pages/robots.txt.ts", _page9],
    ["src/pages/rss.xml.ts", _page10],
    ["src/pages/side/[page].astro", _page11],
    ["src/pages/index.astro", _page12]
]);

const _manifest = Object.assign(manifest, {
    pageMap,
    serverIslandMap,
    renderers,
    actions: () => import('./noop-entrypoint.mjs'),
    middleware: () => import('./_noop-middleware.mjs')
});
const _args = {
    "mode": "middleware",
    "client": "file:///work/main/web/.builds/2026-11-27T15-58-23-428Z-11299/client/",
    "server": "file:///work/main/web/.builds/2026-11-27T15-58-23-428Z-11299/server/",
    "host": false,
    "port": 4321,
    "assets": "_astro",
    "experimentalStaticHeaders": false
};
const _exports = createExports(_manifest, _args);
const handler = _exports['handler'];
const startServer = _exports['startServer'];
const options = _exports['options'];
const _start = 'start';
if (Object.prototype.hasOwnProperty.call(serverEntrypointModule, _start)) {
	serverEntrypointModule[_start](_manifest, _args);
}

export { handler, options, pageMap, startServer };
