// Shared by the books' views.

/** Today in the studio's zone, YYYY-MM-DD. */
export function studioToday(timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}
