import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/harness';

// The ROI report reads the chatbot's and the sequences' own outcomes through their services (wired in app.ts).
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ env: { PIPEWISE_JOBS: 'off', PIPEWISE_CHAT_EMBEDDINGS: 'off' } });
});
afterAll(() => t.dispose());

describe('ROI inputs from the chatbot and sequences', () => {
  it('says "not set up yet" on a new workspace, then counts conversations and enrolments', async () => {
    const ws = await t.workspace('Roi Inputs');
    const as = ws.owner;
    const empty = await t.request('GET', '/api/v1/kpis/roi', as);
    expect(empty.status, JSON.stringify(empty.body)).toBe(200);
    expect(empty.body.chatbot.available).toBe(false);
    expect(empty.body.sequences.available).toBe(false);

    const chat = await t.services.chatbot.startConversation(ws.id, { visitorId: 'visitor-roi-1' });
    await t.services.chatbot.visitorSays(ws.id, {
      conversationId: chat.conversationId,
      visitorId: 'visitor-roi-1',
      text: 'hello',
    });
    const contact = await t.request('POST', '/api/v1/contacts', as, {
      firstName: 'Roi',
      email: 'roi@client.test',
      country: 'US',
      consentMarketingEmail: 'granted',
    });
    expect(contact.status, JSON.stringify(contact.body)).toBe(201);
    const seq = await t.request('POST', '/api/v1/sequences', as, { name: 'Follow-up' });
    expect(seq.status, JSON.stringify(seq.body)).toBe(201);
    const steps = await t.request('PUT', `/api/v1/sequences/${seq.body.id}/steps`, as, {
      steps: [{ kind: 'task', task: { taskKind: 'call', title: 'Call them', dueInDays: 1 } }],
    });
    expect(steps.status, JSON.stringify(steps.body)).toBe(200);
    const on = await t.request('PATCH', `/api/v1/sequences/${seq.body.id}`, as, { status: 'active' });
    expect(on.status, JSON.stringify(on.body)).toBe(200);
    const enrol = await t.request('POST', `/api/v1/sequences/${seq.body.id}/enrolments`, as, {
      contactIds: [contact.body.id],
    });
    expect(enrol.status, JSON.stringify(enrol.body)).toBe(200);
    expect(enrol.body.enrolled, JSON.stringify(enrol.body)).toBe(1);

    const roi = await t.request('GET', '/api/v1/kpis/roi', as);
    expect(roi.status, JSON.stringify(roi.body)).toBe(200);
    expect(roi.body.chatbot).toMatchObject({ available: true, conversations: 1, answeredWithoutPerson: 1 });
    expect(roi.body.sequences).toMatchObject({ available: true, enrolled: 1, converted: 0, holdout: 0 });
    expect(roi.body.sequences.formula).toMatch(/no comparison/);
  });
});
