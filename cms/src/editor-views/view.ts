/**
 * How one content type or component looks to the editor in the admin: a Danish label and hint for
 * every field, the form's rows, and (content types) the list view's columns and order.
 * applyEditorViews() turns it into the content manager's configuration.
 */
export interface FieldView {
  label: string;
  /** Shown under the field: what it is for and what readers see. Length limits are added by Strapi. */
  hint?: string;
  placeholder?: string;
  /** Relations: the related entry's field shown in the picker and the list. */
  mainField?: string;
  /** Shown, not editable (set by the CMS itself). */
  readOnly?: boolean;
}

/** A field in a form row: its name, or its name and width in twelfths of the row. */
export type EditField = string | [name: string, size: number];

export interface EditorView {
  fields: Record<string, FieldView>;
  /** The edit form, row by row. */
  edit: EditField[][];
  /** The list view (collection types). */
  list?: {
    columns: string[];
    /** The field that names an entry (the list's link, relation pickers elsewhere). */
    mainField: string;
    sortBy: string;
    order: 'ASC' | 'DESC';
    pageSize?: number;
  };
}

/** The hint every slug field gets: the address it makes (a route from @blog/shared) and what a change does. */
export function slugHint(
  address: (slug: string) => string,
  madeFrom: 'titlen' | 'navnet',
  redirects: boolean,
): string {
  const change = redirects
    ? 'Ændres den efter udgivelsen, sendes den gamle adresse videre til den nye.'
    : 'Ændres den efter udgivelsen, virker links til den gamle adresse ikke længere.';
  return `Sidste del af adressen ${address('SLUG').replace('SLUG', '…')} – laves af ${madeFrom}, mens du skriver, og kan rettes. ${change}`;
}
