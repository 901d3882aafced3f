import { d as createAstro, c as createComponent, r as renderComponent, a as renderTemplate, m as maybeRenderHead, b as addAttribute } from './astro/server_Bbd5m9rg.mjs';
import 'piccolore';
import { e as getSite, r as routes } from './content_DT19Pf4m.mjs';
import { $ as $$BaseLayout } from './BaseLayout_QrnXfdZT.mjs';
import { $ as $$ContactCta } from './ContactCta_BI3jhda0.mjs';
import { $ as $$PostList } from './PostList_DYX84abk.mjs';
import { $ as $$RichText } from './RichText_E9py9Zfh.mjs';

const $$Astro = createAstro("http://localhost:4321/");
const $$OpinionPage = createComponent(async ($$result, $$props, $$slots) => {
  const Astro2 = $$result.createAstro($$Astro, $$props, $$slots);
  Astro2.self = $$OpinionPage;
  const { opinion, noindex } = Astro2.props;
  const site = await getSite();
  return renderTemplate`${renderComponent($$result, "BaseLayout", $$BaseLayout, { "title": opinion.title, "description": opinion.statement, "noindex": noindex }, { "default": async ($$result2) => renderTemplate` ${maybeRenderHead()}<article> <p class="meta"><a${addAttribute(routes.opinions(), "href")}>${site.navigation.opinions}</a></p> <h1>${opinion.title}</h1> <p class="statement">${opinion.statement}</p> ${renderComponent($$result2, "RichText", $$RichText, { "blocks": opinion.body })} </article> ${opinion.posts.length > 0 && renderTemplate`<section aria-labelledby="relaterede"> <h2 id="relaterede">Indlæg om denne holdning</h2> ${renderComponent($$result2, "PostList", $$PostList, { "posts": opinion.posts })} </section>`}${renderComponent($$result2, "ContactCta", $$ContactCta, { "contact": site.contact })} ` })}`;
}, "/work/main/web/src/views/OpinionPage.astro", void 0);

export { $$OpinionPage as $ };
