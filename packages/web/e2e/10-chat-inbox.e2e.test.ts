import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { apiPost, ensureOwner, launchBrowser, newContext, screenshotOnFailure } from './helpers';

type VisitorView = { status: string; messages: { seq: number; from: string; text: string }[] };

/**
 * The staff side of the chat: a visitor (a preview chat, the same service the website widget calls) asks a FAQ and
 * then for a person; the inbox shows it live, staff take over and reply, and the visitor receives the reply.
 */
describe('chat inbox', () => {
  let browser: Browser;
  let ctx: BrowserContext;
  beforeAll(async () => {
    browser = await launchBrowser();
    ctx = await newContext(browser);
    await ensureOwner(ctx);
    await apiPost(ctx, '/api/v1/chatbot/kb/import', {
      format: 'csv',
      fileName: 'e2e-faq.csv',
      content:
        'question,answer,variants\nHow long does delivery take?,Orders arrive in 2-4 working days.,shipping time|when will my order arrive\nCan I return an item?,Within 30 days for a refund.,refund policy|returns\n',
    });
    // Always open, so the hand-off goes to the inbox whatever the time of the run.
    const always = Array.from({ length: 1 }, () => ({ from: '00:00', to: '24:00' }));
    const r = await ctx.request.put('/api/v1/chatbot/settings', {
      data: {
        hours: {
          timeZone: 'UTC',
          weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, always])),
          closedDates: [],
        },
      },
    });
    expect(r.ok()).toBe(true);
  });
  afterAll(async () => {
    await ctx?.close();
    await browser?.close();
  });

  it('shows a waiting chat live, takes it over and the visitor receives the reply', async () => {
    const page = await ctx.newPage();
    try {
      await page.goto('/chatbot/inbox');
      await page.getByTestId('chat-inbox').waitFor();
      await page.getByText('Live', { exact: true }).waitFor();

      const chat = await apiPost<VisitorView & { conversationId: string }>(ctx, '/api/v1/chatbot/preview', {});
      const say = (text: string, afterSeq?: number) =>
        apiPost<VisitorView>(ctx, `/api/v1/chatbot/preview/${chat.conversationId}/messages`, { text, afterSeq });
      const answered = await say('when will my order arrive?');
      expect(answered.messages.at(-1)!.text).toBe('Orders arrive in 2-4 working days.');
      const handoff = await say('I would like to talk to a person');
      expect(handoff.status).toBe('waiting');

      // The stream brings it in without a reload.
      await page.getByRole('tab', { name: /Waiting/ }).click();
      const item = page.getByTestId('conversation-item').first();
      await item.waitFor();
      await item.click();
      const panel = page.getByTestId('conversation-panel');
      await panel.getByText('when will my order arrive?').waitFor();
      await panel.getByRole('button', { name: 'Take over' }).click();
      await panel.getByTestId('conversation-status').getByText('With staff').waitFor();
      await page.getByTestId('chat-reply').fill('Hello, this is Olivia. How can I help?');
      await page.getByRole('button', { name: 'Send' }).click();
      await panel.getByText('Hello, this is Olivia. How can I help?').waitFor();

      const seen = await say('', handoff.messages.at(-1)!.seq);
      expect(seen.status).toBe('human');
      expect(seen.messages.map((m) => [m.from, m.text])).toContainEqual([
        'agent',
        'Hello, this is Olivia. How can I help?',
      ]);
      // The visitor writes again: it appears in the open panel live, and the bot stays silent.
      const quiet = await say('thanks, it is order 1234');
      expect(quiet.messages.map((m) => m.from)).toEqual(['visitor']);
      await panel.getByText('thanks, it is order 1234').waitFor();
    } catch (e) {
      await screenshotOnFailure(page, 'chat-inbox');
      throw e;
    } finally {
      await page.close();
    }
  });
});
