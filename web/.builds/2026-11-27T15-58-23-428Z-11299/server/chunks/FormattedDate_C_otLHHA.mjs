import { d as createAstro, c as createComponent, m as maybeRenderHead, b as addAttribute, a as renderTemplate } from './astro/server_Bbd5m9rg.mjs';
import 'piccolore';
import 'clsx';

/** The site's time zone: every calendar date a reader sees is the date in Copenhagen. */
const SITE_TIME_ZONE = 'Europe/Copenhagen';
const longDate = new Intl.DateTimeFormat('da-DK', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: SITE_TIME_ZONE,
});
const dateParts = new Intl.DateTimeFormat('en-CA', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    timeZone: SITE_TIME_ZONE,
});
function toDate(value) {
    const date = typeof value === 'string' ? new Date(value) : value;
    if (Number.isNaN(date.getTime()))
        throw new RangeError(`Not a valid date: ${String(value)}`);
    return date;
}
/** "18. juni 2014": the date as a Danish reader in Copenhagen reads it. */
function formatDanishDate(value) {
    return longDate.format(toDate(value));
}
/** "2014-06-18": the Copenhagen calendar date, for `<time datetime>` and archives. */
function copenhagenDateKey(value) {
    return dateParts.format(toDate(value)); // en-CA formats as YYYY-MM-DD
}

const $$Astro = createAstro("http://localhost:4321/");
const $$FormattedDate = createComponent(($$result, $$props, $$slots) => {
  const Astro2 = $$result.createAstro($$Astro, $$props, $$slots);
  Astro2.self = $$FormattedDate;
  const { date } = Astro2.props;
  return renderTemplate`${maybeRenderHead()}<time${addAttribute(copenhagenDateKey(date), "datetime")}>${formatDanishDate(date)}</time>`;
}, "/work/main/web/src/components/FormattedDate.astro", void 0);

export { $$FormattedDate as $ };
