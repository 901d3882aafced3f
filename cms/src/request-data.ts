/** A content-API request's `{ data: { … } }`, or an empty object when it has none (each field is checked by its route). */
export function requestData(ctx: { request: { body?: unknown } }): Record<string, unknown> {
  const body = (ctx.request.body ?? {}) as { data?: unknown };
  return body.data && typeof body.data === 'object' ? (body.data as Record<string, unknown>) : {};
}
