import { d as createAstro, c as createComponent, r as renderComponent, a as renderTemplate, m as maybeRenderHead } from './astro/server_Bbd5m9rg.mjs';
import 'piccolore';
import { s as safeHref } from './links_C4d4M6ap.mjs';
import { $ as $$BaseLayout } from './BaseLayout_QrnXfdZT.mjs';
import { $ as $$CmsImage } from './CmsImage_BbQsWW11.mjs';
import { $ as $$ContactDetails } from './ContactDetails_Bob3qTgV.mjs';
import { $ as $$PostList } from './PostList_DYX84abk.mjs';

const $$Astro = createAstro("http://localhost:4321/");
const $$AuthorPage = createComponent(($$result, $$props, $$slots) => {
  const Astro2 = $$result.createAstro($$Astro, $$props, $$slots);
  Astro2.self = $$AuthorPage;
  const { author, noindex } = Astro2.props;
  const { name, role, bio, photo, email, phone, links, posts } = author;
  const safeLinks = links.flatMap((link) => {
    const href = safeHref(link.url);
    return href ? [{ label: link.label, href }] : [];
  });
  return renderTemplate`${renderComponent($$result, "BaseLayout", $$BaseLayout, { "title": name, "description": role ?? void 0, "noindex": noindex }, { "default": ($$result2) => renderTemplate` ${maybeRenderHead()}<header> ${photo && renderTemplate`${renderComponent($$result2, "CmsImage", $$CmsImage, { "image": photo, "loading": "eager" })}`} <h1>${name}</h1> ${role && renderTemplate`<p class="meta">${role}</p>`} </header> ${bio && renderTemplate`<p>${bio}</p>`}${renderComponent($$result2, "ContactDetails", $$ContactDetails, { "email": email, "phone": phone, "links": safeLinks })} <h2>Indlæg af ${name}</h2> ${posts.length > 0 ? renderTemplate`${renderComponent($$result2, "PostList", $$PostList, { "posts": posts })}` : renderTemplate`<p>Ingen indlæg endnu.</p>`}` })}`;
}, "/work/main/web/src/views/AuthorPage.astro", void 0);

export { $$AuthorPage as $ };
