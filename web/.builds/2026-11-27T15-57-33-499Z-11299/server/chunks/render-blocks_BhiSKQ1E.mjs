import { s as safeHref, a as absoluteUrl } from './links_C4d4M6ap.mjs';

/** Strapi 5 "blocks" rich text, as the REST API returns it. */
/** The plain text of inline nodes (for excerpts, reading time and headings' ids). */
function inlineText(nodes) {
    if (!Array.isArray(nodes))
        return '';
    return nodes
        .map((node) => {
        if (!isRecord(node))
            return '';
        if (node.type === 'text')
            return typeof node.text === 'string' ? node.text : '';
        return inlineText(node.children);
    })
        .join('');
}
/** The plain text of a whole document, one line per block. */
function blocksText(blocks) {
    if (!Array.isArray(blocks))
        return '';
    return blocks
        .map((block) => {
        if (!isRecord(block))
            return '';
        if (block.type === 'list')
            return blocksText(block.children);
        return inlineText(block.children);
    })
        .filter((line) => line !== '')
        .join('\n');
}
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const HTML_ESCAPES = {
    '&': '&amp;',
    '<': '&lt;',
    '>': '&gt;',
    '"': '&quot;',
    "'": '&#39;',
};
// C0 control characters other than tab and newline are not allowed in HTML or XML 1.0 text.
const FORBIDDEN_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
/** Escapes text for use in HTML text and in quoted attribute values. */
function escapeHtml(value) {
    return value.replace(FORBIDDEN_CONTROLS, '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/**
 * The one renderer from Strapi blocks to HTML, used by the pages and the feeds alike.
 * It is a whitelist: known block types and marks only, every string escaped, links only when
 * safeHref accepts them. Content is untrusted input, so it never throws on odd shapes; it skips them.
 */
function renderBlocks(blocks, options = {}) {
    if (!Array.isArray(blocks))
        return '';
    return blocks.map((block) => renderBlock(block, options)).filter((html) => html !== '').join('\n');
}
function renderBlock(block, options) {
    if (!isRecord(block))
        return '';
    switch (block.type) {
        case 'paragraph': {
            const inner = renderInline(block.children, options);
            return inner.trim() === '' ? '' : `<p>${inner}</p>`;
        }
        case 'heading': {
            const level = clampHeadingLevel(block.level);
            return `<h${level}>${renderInline(block.children, options)}</h${level}>`;
        }
        case 'quote':
            return `<blockquote><p>${renderInline(block.children, options)}</p></blockquote>`;
        case 'code':
            return `<pre><code>${renderText(block.children)}</code></pre>`;
        case 'list':
            return renderList(block, options);
        case 'image':
            return renderImage(block.image, options);
        default:
            return '';
    }
}
function clampHeadingLevel(level) {
    const n = typeof level === 'number' ? Math.round(level) : 2;
    return Math.min(6, Math.max(1, n));
}
function renderList(list, options) {
    const tag = list.format === 'ordered' ? 'ol' : 'ul';
    const children = Array.isArray(list.children) ? list.children : [];
    let html = '';
    let openItem = false;
    for (const child of children) {
        if (!isRecord(child))
            continue;
        if (child.type === 'list') {
            // A nested list belongs inside the preceding item (valid HTML), or in an item of its own.
            html += `${openItem ? '' : '<li>'}${renderList(child, options)}</li>`;
            openItem = false;
        }
        else if (child.type === 'list-item') {
            if (openItem)
                html += '</li>';
            html += `<li>${renderInline(child.children, options)}`;
            openItem = true;
        }
    }
    if (openItem)
        html += '</li>';
    return `<${tag}>${html}</${tag}>`;
}
function renderImage(image, options) {
    if (!isRecord(image) || typeof image.url !== 'string')
        return '';
    const src = safeHref(absoluteUrl(image.url, options.mediaBaseUrl));
    if (!src)
        return '';
    const alt = typeof image.alternativeText === 'string' ? image.alternativeText : '';
    const size = ['width', 'height']
        .filter((key) => typeof image[key] === 'number' && image[key] > 0)
        .map((key) => ` ${key}="${Math.round(image[key])}"`)
        .join('');
    const img = `<img src="${escapeHtml(absoluteUrl(src, options.siteUrl))}" alt="${escapeHtml(alt)}"${size} loading="lazy" decoding="async">`;
    const caption = typeof image.caption === 'string' && image.caption.trim() !== '' ? image.caption : '';
    return `<figure>${img}${caption ? `<figcaption>${escapeHtml(caption)}</figcaption>` : ''}</figure>`;
}
function renderInline(nodes, options) {
    if (!Array.isArray(nodes))
        return '';
    return nodes
        .map((node) => {
        if (!isRecord(node))
            return '';
        if (node.type === 'text')
            return renderMarkedText(node);
        if (node.type === 'link') {
            const inner = renderInline(node.children, options);
            const href = safeHref(typeof node.url === 'string' ? node.url : null);
            if (!href)
                return inner; // an unsafe link keeps its words, loses the link
            return `<a href="${escapeHtml(absoluteUrl(href, options.siteUrl))}">${inner}</a>`;
        }
        return '';
    })
        .join('');
}
function renderText(nodes) {
    if (!Array.isArray(nodes))
        return '';
    return nodes.map((node) => (isRecord(node) && typeof node.text === 'string' ? escapeHtml(node.text) : '')).join('');
}
// Outermost first: <strong><em>…</em></strong>.
const MARKS = [
    ['bold', 'strong'],
    ['italic', 'em'],
    ['underline', 'u'],
    ['strikethrough', 's'],
    ['code', 'code'],
];
function renderMarkedText(node) {
    if (typeof node.text !== 'string')
        return '';
    let html = escapeHtml(node.text).replace(/\n/g, '<br>');
    for (let i = MARKS.length - 1; i >= 0; i--) {
        const [key, tag] = MARKS[i];
        if (node[key] === true)
            html = `<${tag}>${html}</${tag}>`;
    }
    return html;
}

export { blocksText as b, escapeHtml as e, renderBlocks as r };
