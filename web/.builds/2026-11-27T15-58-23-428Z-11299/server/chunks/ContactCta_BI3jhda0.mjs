import { d as createAstro, c as createComponent, m as maybeRenderHead, a as renderTemplate, r as renderComponent } from './astro/server_Bbd5m9rg.mjs';
import 'piccolore';
import { $ as $$ContactDetails } from './ContactDetails_Bob3qTgV.mjs';

const $$Astro = createAstro("http://localhost:4321/");
const $$ContactCta = createComponent(($$result, $$props, $$slots) => {
  const Astro2 = $$result.createAstro($$Astro, $$props, $$slots);
  Astro2.self = $$ContactCta;
  const { contact } = Astro2.props;
  return renderTemplate`${contact && renderTemplate`${maybeRenderHead()}<aside class="contact-cta" id="kontakt" aria-labelledby="kontakt-overskrift"><h2 id="kontakt-overskrift">${contact.heading}</h2>${contact.text && renderTemplate`<p>${contact.text}</p>`}${renderComponent($$result, "ContactDetails", $$ContactDetails, { "email": contact.email, "phone": contact.phone })}</aside>`}`;
}, "/work/main/web/src/components/ContactCta.astro", void 0);

export { $$ContactCta as $ };
