// Generated from the CMS's schemas by shared/scripts/generate-content-model.mjs (it runs in
// `npm run build -w shared`). Do not edit: change the schema in cms/src and build.
export const CONTENT_MODEL = {
  "types": {
    "author": {
      "uid": "api::author.author",
      "kind": "collectionType",
      "plural": "authors",
      "draftAndPublish": true,
      "attributes": {
        "name": {
          "type": "string",
          "required": true
        },
        "slug": {
          "type": "uid"
        },
        "oldAddresses": {
          "type": "json"
        },
        "role": {
          "type": "string"
        },
        "bio": {
          "type": "text"
        },
        "photo": {
          "type": "media",
          "multiple": false
        },
        "email": {
          "type": "email"
        },
        "phone": {
          "type": "string"
        },
        "links": {
          "type": "component",
          "repeatable": true,
          "component": "shared.link"
        },
        "posts": {
          "type": "relation",
          "relation": "oneToMany",
          "target": "api::post.post",
          "inverse": true
        }
      }
    },
    "opinion": {
      "uid": "api::opinion.opinion",
      "kind": "collectionType",
      "plural": "opinions",
      "draftAndPublish": true,
      "attributes": {
        "title": {
          "type": "string",
          "required": true
        },
        "slug": {
          "type": "uid"
        },
        "previousSlugs": {
          "type": "json"
        },
        "date": {
          "type": "datetime"
        },
        "statement": {
          "type": "string",
          "required": true
        },
        "body": {
          "type": "blocks"
        },
        "order": {
          "type": "integer",
          "default": 100
        },
        "posts": {
          "type": "relation",
          "relation": "manyToMany",
          "target": "api::post.post",
          "inverse": true
        }
      }
    },
    "page": {
      "uid": "api::page.page",
      "kind": "collectionType",
      "plural": "pages",
      "draftAndPublish": true,
      "attributes": {
        "title": {
          "type": "string",
          "required": true
        },
        "slug": {
          "type": "uid"
        },
        "previousSlugs": {
          "type": "json"
        },
        "oldAddresses": {
          "type": "json"
        },
        "body": {
          "type": "blocks"
        },
        "showInNavigation": {
          "type": "boolean",
          "default": false
        },
        "navigationOrder": {
          "type": "integer",
          "default": 100
        },
        "seo": {
          "type": "component",
          "repeatable": false,
          "component": "shared.seo"
        }
      }
    },
    "post": {
      "uid": "api::post.post",
      "kind": "collectionType",
      "plural": "posts",
      "draftAndPublish": true,
      "attributes": {
        "title": {
          "type": "string",
          "required": true
        },
        "slug": {
          "type": "uid"
        },
        "previousSlugs": {
          "type": "json"
        },
        "oldAddresses": {
          "type": "json"
        },
        "date": {
          "type": "datetime"
        },
        "excerpt": {
          "type": "text"
        },
        "body": {
          "type": "blocks"
        },
        "cover": {
          "type": "media",
          "multiple": false
        },
        "author": {
          "type": "relation",
          "relation": "manyToOne",
          "target": "api::author.author"
        },
        "tags": {
          "type": "relation",
          "relation": "manyToMany",
          "target": "api::tag.tag"
        },
        "opinions": {
          "type": "relation",
          "relation": "manyToMany",
          "target": "api::opinion.opinion"
        },
        "seo": {
          "type": "component",
          "repeatable": false,
          "component": "shared.seo"
        }
      }
    },
    "site": {
      "uid": "api::site.site",
      "kind": "singleType",
      "plural": "sites",
      "draftAndPublish": false,
      "attributes": {
        "siteTitle": {
          "type": "string",
          "required": true
        },
        "tagline": {
          "type": "string"
        },
        "description": {
          "type": "text"
        },
        "contact": {
          "type": "component",
          "repeatable": false,
          "component": "site.contact-cta"
        },
        "navigation": {
          "type": "component",
          "repeatable": false,
          "component": "site.navigation"
        },
        "inquiryRetentionMonths": {
          "type": "integer",
          "default": 12
        }
      }
    },
    "tag": {
      "uid": "api::tag.tag",
      "kind": "collectionType",
      "plural": "tags",
      "draftAndPublish": true,
      "attributes": {
        "name": {
          "type": "string",
          "required": true
        },
        "slug": {
          "type": "uid"
        },
        "oldAddresses": {
          "type": "json"
        },
        "posts": {
          "type": "relation",
          "relation": "manyToMany",
          "target": "api::post.post",
          "inverse": true
        }
      }
    }
  },
  "components": {
    "shared.link": {
      "attributes": {
        "label": {
          "type": "string",
          "required": true
        },
        "url": {
          "type": "string",
          "required": true
        }
      }
    },
    "shared.seo": {
      "attributes": {
        "metaTitle": {
          "type": "string"
        },
        "metaDescription": {
          "type": "text"
        },
        "shareImage": {
          "type": "media",
          "multiple": false
        }
      }
    },
    "site.contact-cta": {
      "attributes": {
        "heading": {
          "type": "string",
          "required": true
        },
        "text": {
          "type": "text"
        },
        "email": {
          "type": "email"
        },
        "phone": {
          "type": "string"
        }
      }
    },
    "site.navigation": {
      "attributes": {
        "blog": {
          "type": "string",
          "required": true,
          "default": "Blog"
        },
        "opinions": {
          "type": "string",
          "required": true,
          "default": "Mine holdninger"
        },
        "contact": {
          "type": "string",
          "required": true,
          "default": "Kontakt"
        }
      }
    }
  }
} as const;
