import { d as createAstro, c as createComponent, r as renderComponent, a as renderTemplate } from '../../../chunks/astro/server_Bbd5m9rg.mjs';
import 'piccolore';
import { $ as $$AuthorPage } from '../../../chunks/AuthorPage_B2_uzR-n.mjs';
import { $ as $$OpinionPage } from '../../../chunks/OpinionPage_DjdwtCgW.mjs';
import { $ as $$PostPage } from '../../../chunks/PostPage_DMbKbjQK.mjs';
export { renderers } from '../../../renderers.mjs';

/**
 * Signed, expiring preview links: the CMS makes them, the site checks them. HMAC-SHA256 with a
 * shared secret over the path and the expiry, via Web Crypto (Node and browsers alike).
 */
const PREVIEW_TYPES = ['post', 'opinion', 'author'];
async function sign(secret, message) {
    const encoder = new TextEncoder();
    const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const signature = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(message)));
    return Array.from(signature, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
/** Checks a preview request's path, expiry and signature; the comparison takes the same time for any wrong signature. */
async function verifyPreviewLink(secret, path, params, now = new Date()) {
    const expires = params.get('expires');
    const signature = params.get('signature');
    if (!secret || !expires || !signature || !/^\d+$/.test(expires))
        return { ok: false, reason: 'missing' };
    const expected = await sign(secret, `${path}|${expires}`);
    let difference = expected.length ^ signature.length;
    for (let i = 0; i < expected.length; i++)
        difference |= expected.charCodeAt(i) ^ (signature.charCodeAt(i) || 0);
    if (difference !== 0)
        return { ok: false, reason: 'invalid' };
    if (Number(expires) * 1000 < now.getTime())
        return { ok: false, reason: 'expired' };
    return { ok: true };
}

class CmsError extends Error {
  constructor(url, cause) {
    super(`CMS request failed: ${url}
  cause: ${cause}`);
    this.url = url;
    this.name = "CmsError";
  }
}
function encodeQuery(query, prefix = "") {
  return Object.entries(query).flatMap(([key, value]) => {
    const name = prefix ? `${prefix}[${key}]` : key;
    if (Array.isArray(value)) {
      return value.flatMap(
        (item, index) => typeof item === "object" ? encodeQuery(item, `${name}[${index}]`) : [`${enc(`${name}[${index}]`)}=${enc(String(item))}`]
      );
    }
    if (typeof value === "object") return encodeQuery(value, name);
    return [`${enc(name)}=${enc(String(value))}`];
  });
}
const enc = (text) => encodeURIComponent(text).replace(/%5B/g, "[").replace(/%5D/g, "]");
function connectionFromEnv(env = process.env) {
  const url = env.CMS_URL?.trim();
  const token = env.CMS_TOKEN?.trim();
  if (!url) throw new Error("CMS_URL is not set: the site needs the CMS address (run the build through `npm run build`, which sets it).");
  if (!token) throw new Error(`CMS_TOKEN is not set: the site needs the CMS's read-only API token to read ${url}.`);
  return { url: url.replace(/\/+$/, ""), token };
}
async function fetchJson(connection, path, query = {}) {
  const search = encodeQuery(query).join("&");
  const url = `${connection.url}/api/${path}${search ? `?${search}` : ""}`;
  let response;
  try {
    response = await fetch(url, {
      headers: { Authorization: `Bearer ${connection.token}`, Accept: "application/json" },
      signal: AbortSignal.timeout(3e4)
    });
  } catch (error) {
    throw new CmsError(url, describeNetworkError(error));
  }
  const body = await response.text();
  if (!response.ok) {
    throw new CmsError(url, `HTTP ${response.status} ${response.statusText}${strapiMessage(body)}`);
  }
  try {
    return JSON.parse(body);
  } catch {
    throw new CmsError(url, `the response is not JSON (starts with ${JSON.stringify(body.slice(0, 80))})`);
  }
}
function describeNetworkError(error) {
  if (error instanceof Error) {
    if (error.name === "TimeoutError") return "no answer within 30 s";
    const cause = error.cause;
    if (cause?.code) return `${cause.code}${cause.message ? ` (${cause.message})` : ""}`;
    return error.message;
  }
  return String(error);
}
function strapiMessage(body) {
  try {
    const message = JSON.parse(body).error?.message;
    return message ? `: ${message}` : "";
  } catch {
    return "";
  }
}

const media = { fields: ["url", "alternativeText", "caption", "width", "height", "mime"] };
const slugOnly = { fields: ["slug"] };
const postQuery = {
  fields: ["title", "slug", "date", "excerpt", "body", "updatedAt", "publishedAt"],
  populate: {
    cover: media,
    author: slugOnly,
    tags: slugOnly,
    opinions: slugOnly,
    seo: { populate: { shareImage: media } }
  }
};
const authorQuery = {
  fields: ["name", "slug", "role", "bio", "email", "phone", "updatedAt", "publishedAt"],
  populate: { photo: media, links: true }
};
const opinionQuery = {
  fields: ["title", "slug", "statement", "body", "order", "updatedAt", "publishedAt"],
  populate: { posts: slugOnly }
};
const named$1 = { fields: ["slug", "name"] };
const postSummary = { fields: ["slug", "title", "date", "excerpt"] };
const previewQueries = {
  post: { ...postQuery, populate: { ...postQuery.populate, author: named$1, tags: named$1 } },
  opinion: { ...opinionQuery, populate: { posts: postSummary } },
  author: { ...authorQuery, populate: { ...authorQuery.populate, posts: postSummary } }
};

const COLLECTION = { post: "posts", opinion: "opinions", author: "authors" };
async function fetchDraft(type, documentId) {
  const { data } = await fetchJson(connectionFromEnv(), `${COLLECTION[type]}/${encodeURIComponent(documentId)}`, {
    ...previewQueries[type],
    status: "draft"
  });
  if (type === "post") return { type, view: postView(data) };
  if (type === "opinion") return { type, view: { slug: data.slug, title: data.title, statement: data.statement ?? "", body: data.body ?? [], posts: summaries(data.posts) } };
  return {
    type,
    view: {
      slug: data.slug,
      name: data.name,
      role: data.role ?? null,
      bio: data.bio ?? null,
      photo: data.photo ?? null,
      email: data.email ?? null,
      phone: data.phone ?? null,
      links: data.links ?? [],
      posts: summaries(data.posts)
    }
  };
}
function postView(data) {
  return {
    slug: data.slug,
    title: data.title ?? "",
    date: new Date(data.date ?? Date.now()),
    excerpt: data.excerpt ?? null,
    body: data.body ?? [],
    cover: data.cover ?? null,
    seo: data.seo ?? null,
    author: data.author ? named(data.author) : null,
    tags: (data.tags ?? []).map(named)
  };
}
const named = (entry) => ({ slug: entry.slug, name: entry.name });
function summaries(posts) {
  return (posts ?? []).map((post) => ({ slug: post.slug, title: post.title, date: new Date(post.date), excerpt: post.excerpt ?? null })).sort((a, b) => b.date.getTime() - a.date.getTime());
}

const $$Astro = createAstro("http://localhost:4321/");
const prerender = false;
const $$PreviewPage = createComponent(async ($$result, $$props, $$slots) => {
  const Astro2 = $$result.createAstro($$Astro, $$props, $$slots);
  Astro2.self = $$PreviewPage;
  const headers = Astro2.response.headers;
  headers.set("Cache-Control", "no-store");
  headers.set("X-Robots-Tag", "noindex, nofollow");
  headers.set("Content-Security-Policy", `frame-ancestors 'self' ${process.env.CMS_URL ?? ""}`.trim());
  const refuse = (status, message) => new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", "X-Robots-Tag": "noindex" } });
  const check = await verifyPreviewLink(process.env.PREVIEW_SECRET ?? "", Astro2.url.pathname, Astro2.url.searchParams);
  if (!check.ok) {
    return refuse(401, check.reason === "expired" ? "This preview link has expired; open the preview again from the admin." : "A signed preview link is required.");
  }
  const type = Astro2.params.type;
  if (!PREVIEW_TYPES.includes(type)) return refuse(404, "Unknown preview type.");
  let draft;
  try {
    draft = await fetchDraft(type, Astro2.params.documentId);
  } catch (error) {
    if (error instanceof CmsError && /HTTP 404/.test(error.message)) return refuse(404, "No such draft.");
    throw error;
  }
  return renderTemplate`${draft.type === "post" && renderTemplate`${renderComponent($$result, "PostPage", $$PostPage, { "post": draft.view, "noindex": true })}`}${draft.type === "opinion" && renderTemplate`${renderComponent($$result, "OpinionPage", $$OpinionPage, { "opinion": draft.view, "noindex": true })}`}${draft.type === "author" && renderTemplate`${renderComponent($$result, "AuthorPage", $$AuthorPage, { "author": draft.view, "noindex": true })}`}`;
}, "/work/main/web/src/preview/PreviewPage.astro", void 0);

const $$file = "/work/main/web/src/preview/PreviewPage.astro";
const $$url = undefined;

const _page = /*#__PURE__*/Object.freeze(/*#__PURE__*/Object.defineProperty({
    __proto__: null,
    default: $$PreviewPage,
    file: $$file,
    prerender,
    url: $$url
}, Symbol.toStringTag, { value: 'Module' }));

const page = () => _page;

export { page };
