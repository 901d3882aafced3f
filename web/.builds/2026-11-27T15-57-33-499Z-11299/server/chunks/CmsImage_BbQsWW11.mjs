import { d as createAstro, c as createComponent, m as maybeRenderHead, b as addAttribute, a as renderTemplate } from './astro/server_Bbd5m9rg.mjs';
import 'piccolore';
import 'clsx';
import { a as mediaUrl } from './media_DlaQCsL9.mjs';

const $$Astro = createAstro("http://localhost:4321/");
const $$CmsImage = createComponent(($$result, $$props, $$slots) => {
  const Astro2 = $$result.createAstro($$Astro, $$props, $$slots);
  Astro2.self = $$CmsImage;
  const { image, loading = "lazy" } = Astro2.props;
  return renderTemplate`${maybeRenderHead()}<img${addAttribute(mediaUrl(image.url), "src")}${addAttribute(image.alternativeText ?? "", "alt")}${addAttribute(image.width ?? void 0, "width")}${addAttribute(image.height ?? void 0, "height")}${addAttribute(loading, "loading")} decoding="async">`;
}, "/work/main/web/src/components/CmsImage.astro", void 0);

export { $$CmsImage as $ };
