/**
 * JSON-LD for search engines. Serialised so that no string from the CMS can end the <script>
 * element it sits in: <, > and & become \u escapes (still the same JSON).
 */
export function jsonLdText(data: object): string {
  return JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export interface PersonRef {
  name: string;
  url: string;
}

export function blogPosting(options: {
  url: string;
  headline: string;
  description: string;
  published: Date;
  modified: Date | null;
  author: PersonRef | null;
  image: string | null;
  siteName: string;
  siteUrl: string;
}): object {
  return {
    '@context': 'https://schema.org',
    '@type': 'BlogPosting',
    mainEntityOfPage: { '@type': 'WebPage', '@id': options.url },
    url: options.url,
    headline: options.headline,
    description: options.description,
    inLanguage: 'da-DK',
    datePublished: options.published.toISOString(),
    dateModified: (options.modified ?? options.published).toISOString(),
    ...(options.author
      ? { author: { '@type': 'Person', name: options.author.name, url: options.author.url } }
      : {}),
    ...(options.image ? { image: options.image } : {}),
    isPartOf: { '@type': 'WebSite', name: options.siteName, url: options.siteUrl },
  };
}

export function webSite(options: {
  name: string;
  url: string;
  description: string | null;
}): object {
  return {
    '@context': 'https://schema.org',
    '@type': 'WebSite',
    name: options.name,
    url: options.url,
    inLanguage: 'da-DK',
    ...(options.description ? { description: options.description } : {}),
  };
}

export function profilePage(options: {
  url: string;
  name: string;
  role: string | null;
  description: string | null;
  image: string | null;
  sameAs: string[];
}): object {
  return {
    '@context': 'https://schema.org',
    '@type': 'ProfilePage',
    url: options.url,
    inLanguage: 'da-DK',
    mainEntity: {
      '@type': 'Person',
      name: options.name,
      url: options.url,
      ...(options.role ? { jobTitle: options.role } : {}),
      ...(options.description ? { description: options.description } : {}),
      ...(options.image ? { image: options.image } : {}),
      ...(options.sameAs.length ? { sameAs: options.sameAs } : {}),
    },
  };
}

export function collectionPage(options: {
  url: string;
  name: string;
  description: string | null;
}): object {
  return {
    '@context': 'https://schema.org',
    '@type': 'CollectionPage',
    url: options.url,
    name: options.name,
    inLanguage: 'da-DK',
    ...(options.description ? { description: options.description } : {}),
  };
}
