/** A time as the editor types or picks it, "16.45" in Danish or "16:45": hours and minutes, or null. */
export function parseTime(text: string | undefined): [hours: number, minutes: number] | null {
  const match = /^(\d{1,2})\D(\d{2})$/.exec(text?.trim() ?? '');
  if (!match) return null;
  const [hours, minutes] = [Number(match[1]), Number(match[2])];
  return hours < 24 && minutes < 60 ? [hours, minutes] : null;
}
