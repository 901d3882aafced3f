import { d as createAstro, c as createComponent, m as maybeRenderHead, b as addAttribute, a as renderTemplate, r as renderComponent, F as Fragment } from './astro/server_Bbd5m9rg.mjs';
import 'piccolore';
import { b as blocksText } from './render-blocks_BhiSKQ1E.mjs';
import { r as routes, e as getSite } from './content_DT19Pf4m.mjs';
import { $ as $$BaseLayout } from './BaseLayout_QrnXfdZT.mjs';
import { $ as $$CmsImage } from './CmsImage_BbQsWW11.mjs';
import { $ as $$ContactCta } from './ContactCta_BI3jhda0.mjs';
import { $ as $$FormattedDate } from './FormattedDate_C_otLHHA.mjs';
import { $ as $$RichText } from './RichText_E9py9Zfh.mjs';
import 'clsx';

/** Words a minute for reading time; a common figure for Danish prose on screen. */
const WORDS_PER_MINUTE = 200;
function wordCount(text) {
    return text.split(/\s+/u).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}
/** Whole minutes, at least 1. */
function readingMinutes(blocks) {
    return Math.max(1, Math.round(wordCount(blocksText(Array.isArray(blocks) ? blocks : [])) / WORDS_PER_MINUTE));
}
/** "4 min. læsning" */
function formatReadingTime(minutes) {
    return `${minutes} min. læsning`;
}
/** The opening words of a text, cut at a word boundary, for excerpts and descriptions. */
function openingWords(text, maxLength = 160) {
    const clean = text.replace(/\s+/gu, ' ').trim();
    if (clean.length <= maxLength)
        return clean;
    const cut = clean.slice(0, maxLength - 1);
    const lastSpace = cut.lastIndexOf(' ');
    return `${(lastSpace > maxLength / 2 ? cut.slice(0, lastSpace) : cut).replace(/[\s,.;:–-]+$/u, '')}…`;
}

const $$Astro$1 = createAstro("http://localhost:4321/");
const $$TagList = createComponent(($$result, $$props, $$slots) => {
  const Astro2 = $$result.createAstro($$Astro$1, $$props, $$slots);
  Astro2.self = $$TagList;
  const { tags } = Astro2.props;
  return renderTemplate`${tags.length > 0 && renderTemplate`${maybeRenderHead()}<ul class="tags" aria-label="Emner">${tags.map((tag) => renderTemplate`<li><a${addAttribute(routes.tag(tag.slug), "href")}>${tag.name}</a></li>`)}</ul>`}`;
}, "/work/main/web/src/components/TagList.astro", void 0);

const $$Astro = createAstro("http://localhost:4321/");
const $$PostPage = createComponent(async ($$result, $$props, $$slots) => {
  const Astro2 = $$result.createAstro($$Astro, $$props, $$slots);
  Astro2.self = $$PostPage;
  const { post, noindex } = Astro2.props;
  const site = await getSite();
  const { title, date, body, cover, seo, excerpt, author, tags } = post;
  const description = seo?.metaDescription || excerpt || openingWords(blocksText(body));
  return renderTemplate`${renderComponent($$result, "BaseLayout", $$BaseLayout, { "title": seo?.metaTitle || title, "description": description, "noindex": noindex }, { "default": async ($$result2) => renderTemplate` ${maybeRenderHead()}<article> <header> <h1>${title}</h1> <p class="meta"> ${renderComponent($$result2, "FormattedDate", $$FormattedDate, { "date": date })} ${author && renderTemplate`${renderComponent($$result2, "Fragment", Fragment, {}, { "default": async ($$result3) => renderTemplate`
· Af <a${addAttribute(routes.author(author.slug), "href")} rel="author">${author.name}</a> ` })}`}
· ${formatReadingTime(readingMinutes(body))} </p> </header> ${cover && renderTemplate`<figure class="cover"> ${renderComponent($$result2, "CmsImage", $$CmsImage, { "image": cover, "loading": "eager" })} </figure>`} ${renderComponent($$result2, "RichText", $$RichText, { "blocks": body })} <footer> ${renderComponent($$result2, "TagList", $$TagList, { "tags": tags })} <p><a${addAttribute(routes.opinions(), "href")}>Læs mine holdninger →</a></p> </footer> </article> ${renderComponent($$result2, "ContactCta", $$ContactCta, { "contact": site.contact })} ` })}`;
}, "/work/main/web/src/views/PostPage.astro", void 0);

export { $$PostPage as $ };
