import { d as createAstro, c as createComponent, m as maybeRenderHead, b as addAttribute, a as renderTemplate } from './astro/server_Bbd5m9rg.mjs';
import 'piccolore';
import 'clsx';

const $$Astro = createAstro("http://localhost:4321/");
const $$ContactDetails = createComponent(($$result, $$props, $$slots) => {
  const Astro2 = $$result.createAstro($$Astro, $$props, $$slots);
  Astro2.self = $$ContactDetails;
  const { email, phone, links = [] } = Astro2.props;
  const tel = phone ? `tel:${phone.replace(/[^+\d]/g, "")}` : null;
  return renderTemplate`${(email || phone || links.length > 0) && renderTemplate`${maybeRenderHead()}<ul class="contact-details">${email && renderTemplate`<li>
E-mail: <a${addAttribute(`mailto:${email}`, "href")}>${email}</a></li>`}${tel && renderTemplate`<li>
Telefon: <a${addAttribute(tel, "href")}>${phone}</a></li>`}${links.map((link) => renderTemplate`<li><a${addAttribute(link.href, "href")} rel="me">${link.label}</a></li>`)}</ul>`}`;
}, "/work/main/web/src/components/ContactDetails.astro", void 0);

export { $$ContactDetails as $ };
