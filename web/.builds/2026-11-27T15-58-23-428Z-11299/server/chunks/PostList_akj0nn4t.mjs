import { d as createAstro, c as createComponent, m as maybeRenderHead, b as addAttribute, r as renderComponent, a as renderTemplate } from './astro/server_Bbd5m9rg.mjs';
import 'piccolore';
import { r as routes } from './content_2r17bxx3.mjs';
import { $ as $$FormattedDate } from './FormattedDate_C_otLHHA.mjs';

const $$Astro = createAstro("http://localhost:4321/");
const $$PostList = createComponent(($$result, $$props, $$slots) => {
  const Astro2 = $$result.createAstro($$Astro, $$props, $$slots);
  Astro2.self = $$PostList;
  const { posts } = Astro2.props;
  return renderTemplate`${maybeRenderHead()}<ul class="post-list"> ${posts.map((post) => renderTemplate`<li> <h2> <a${addAttribute(routes.post(post.slug), "href")}>${post.title}</a> </h2> <p class="meta"> ${renderComponent($$result, "FormattedDate", $$FormattedDate, { "date": post.date })} </p> ${post.excerpt && renderTemplate`<p>${post.excerpt}</p>`} </li>`)} </ul>`;
}, "/work/main/web/src/components/PostList.astro", void 0);

export { $$PostList as $ };
