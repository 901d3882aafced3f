import { d as createAstro, c as createComponent, b as addAttribute, a as renderTemplate, e as renderHead, f as renderSlot } from './astro/server_Bbd5m9rg.mjs';
import 'piccolore';
import 'clsx';
/* empty css                         */
import { e as getSite, r as routes } from './content_DT19Pf4m.mjs';

const $$Astro = createAstro("http://localhost:4321/");
const $$BaseLayout = createComponent(async ($$result, $$props, $$slots) => {
  const Astro2 = $$result.createAstro($$Astro, $$props, $$slots);
  Astro2.self = $$BaseLayout;
  const site = await getSite();
  const { title, description, noindex = false } = Astro2.props;
  const pageTitle = title ? `${title} \u2013 ${site.siteTitle}` : site.siteTitle;
  const metaDescription = description || site.description || site.tagline || "";
  const canonical = new URL(Astro2.url.pathname, Astro2.site);
  return renderTemplate`<html lang="da"> <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${pageTitle}</title>${metaDescription && renderTemplate`<meta name="description"${addAttribute(metaDescription, "content")}>`}${noindex && renderTemplate`<meta name="robots" content="noindex, nofollow">`}<link rel="canonical"${addAttribute(canonical.href, "href")}><link rel="alternate" type="application/rss+xml"${addAttribute(`${site.siteTitle} (RSS)`, "title")}${addAttribute(new URL(routes.feed(), Astro2.site).href, "href")}><link rel="sitemap" href="/sitemap-index.xml"><meta name="generator"${addAttribute(Astro2.generator, "content")}>${renderHead()}</head> <body> <a class="skip-link" href="#indhold">Spring til indholdet</a> <header class="site-header"> <a class="site-title"${addAttribute(routes.home(), "href")}>${site.siteTitle}</a> <nav aria-label="Hovedmenu"> <ul> <li><a${addAttribute(routes.home(), "href")}>${site.navigation.blog}</a></li> <li><a${addAttribute(routes.opinions(), "href")}>${site.navigation.opinions}</a></li> <li><a${addAttribute(routes.contact(), "href")}>${site.navigation.contact}</a></li> </ul> </nav> </header> <main id="indhold"> ${renderSlot($$result, $$slots["default"])} </main> <footer class="site-footer"> <p>${site.siteTitle}${site.tagline && ` \u2013 ${site.tagline}`} · <a${addAttribute(routes.feed(), "href")}>RSS</a></p> </footer> </body></html>`;
}, "/work/main/web/src/layouts/BaseLayout.astro", void 0);

export { $$BaseLayout as $ };
