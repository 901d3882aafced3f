import * as React from 'react';
import { CONTENT_UIDS, formatDanishDateTime, type NewsletterStatus } from '@blog/shared';
import { Button, Flex, Typography } from '@strapi/design-system';
import { useFetchClient, useForm, useNotification } from '@strapi/strapi/admin';
import type { PanelComponent } from '@strapi/content-manager/strapi-admin';

const number = (n: number) => n.toLocaleString('da-DK');
const subscribers = (n: number) => `${number(n)} ${n === 1 ? 'abonnent' : 'abonnenter'}`;

/** What the post's newsletter did or will do, in words. */
function describe(status: NewsletterStatus, sendOn: boolean): string {
  const { issue } = status;
  if (!issue)
    return sendOn
      ? `Sendes til ${subscribers(status.subscribers)}, første gang indlægget er på sitet.`
      : 'Sendes ikke som nyhedsbrev.';
  if (!issue.finishedAt)
    return `Sendes nu: ${number(issue.sent)} af ${subscribers(issue.recipients)} har fået det.`;
  const extra = [
    issue.uncertain && `${number(issue.uncertain)} usikker`,
    issue.failed && `${number(issue.failed)} fejlede`,
  ].filter(Boolean);
  return (
    `Sendt til ${subscribers(issue.sent)} ${formatDanishDateTime(issue.finishedAt)}` +
    (extra.length ? ` (${extra.join(', ')}).` : '.')
  );
}

/**
 * The side panel "Nyhedsbrev" on posts: whether the post was mailed to the subscribers (or will
 * be, when it is first on the site), and "Send en prøve til mig": the mail as the draft reads now,
 * to the editor's own address.
 */
export const NewsletterPanel: PanelComponent = ({ model, documentId, document, meta }) => {
  const sendOn = useForm(
    'NewsletterPanel',
    (state) => (state.values as Record<string, unknown>).newsletter !== false,
  );
  const { get, post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [status, setStatus] = React.useState<NewsletterStatus | null>(null);
  const [sending, setSending] = React.useState(false);
  const isPost = model === CONTENT_UIDS.post && Boolean(documentId);
  // The form shows the draft; the published version is among the document's statuses.
  const publishedAt =
    meta?.availableStatus?.find((status) => status.publishedAt)?.publishedAt ??
    document?.publishedAt ??
    null;

  React.useEffect(() => {
    if (!isPost) return;
    let cancelled = false;
    let timer: number | undefined;
    let looks = 0;
    const published = Boolean(publishedAt);
    const load = async () => {
      looks++;
      try {
        const { data } = await get<{ data: NewsletterStatus }>(`/newsletter/posts/${documentId}`);
        if (cancelled) return;
        setStatus(data.data);
        const { issue } = data.data;
        // While it is being sent, the count moves; just published, the sending is about to start.
        if (issue ? !issue.finishedAt : published && looks < 5)
          timer = window.setTimeout(load, issue ? 5_000 : 2_000);
      } catch {
        // the panel stays as it was; the form works without it
      }
    };
    void load();
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [isPost, documentId, publishedAt, get]);

  if (!isPost) return null;

  async function sendTest() {
    setSending(true);
    try {
      const { data } = await post<{ data: { to: string } }>(`/newsletter/posts/${documentId}/test`);
      toggleNotification({ type: 'success', message: `Prøven er sendt til ${data.data.to}` });
    } catch (error) {
      toggleNotification({
        type: 'danger',
        message: `Prøven kunne ikke sendes: ${(error as Error).message}`,
      });
    } finally {
      setSending(false);
    }
  }

  return {
    title: 'Nyhedsbrev',
    content: (
      <Flex direction="column" alignItems="stretch" gap={2}>
        <Typography variant="omega" textColor="neutral800">
          {status ? describe(status, sendOn) : ' '}
        </Typography>
        <Button variant="secondary" onClick={sendTest} loading={sending} fullWidth>
          Send en prøve til mig
        </Button>
      </Flex>
    ),
  };
};
