// Astro's build log (its Logger API: astro.config's `logger`, set by site-build.ts) with one change:
// a page kept from the last build is counted instead of listed. An incremental build keeps nearly
// every page, and two log lines for each of 11,000 kept pages made every publish's log unreadable
// (and cost a publish at 10,000 posts about 0.4 s of writing).
import type { AstroLoggerDestination, AstroLoggerMessage } from 'astro';
import nodeDestination from 'astro/logger/node';

/** Astro writes a page's line in two parts: its file, then how it came to be (rendered or kept). */
const PAGE_LINE = /[├└]─/;
const KEPT = /\((cached|restored)\)/;
const COMPLETED = /Completed in/;

export default function buildLog(
  config?: Parameters<typeof nodeDestination>[0],
): AstroLoggerDestination {
  const out = nodeDestination(config);
  let page: AstroLoggerMessage | null = null;
  let kept = 0;
  return {
    write(event) {
      if (page) {
        const line = page;
        page = null;
        if (event.label === 'SKIP_FORMAT' && KEPT.test(event.message)) {
          kept++;
          return;
        }
        out.write(line);
      }
      if (event.label === null && !event.newLine && PAGE_LINE.test(event.message)) {
        page = event;
        return;
      }
      if (kept > 0 && COMPLETED.test(event.message)) {
        out.write({ ...event, label: 'build', message: `${kept} unchanged pages kept` });
        kept = 0;
      }
      out.write(event);
    },
  };
}
