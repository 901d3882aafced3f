import { d as createAstro, c as createComponent, m as maybeRenderHead, u as unescapeHTML, a as renderTemplate } from './astro/server_Bbd5m9rg.mjs';
import 'piccolore';
import 'clsx';
import { r as renderBlocks } from './render-blocks_BhiSKQ1E.mjs';

const $$Astro = createAstro("http://localhost:4321/");
const $$RichText = createComponent(($$result, $$props, $$slots) => {
  const Astro2 = $$result.createAstro($$Astro, $$props, $$slots);
  Astro2.self = $$RichText;
  const html = renderBlocks(Astro2.props.blocks);
  return renderTemplate`${maybeRenderHead()}<div class="prose">${unescapeHTML(html)}</div>`;
}, "/work/main/web/src/components/RichText.astro", void 0);

export { $$RichText as $ };
