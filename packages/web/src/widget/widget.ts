/**
 * The website widget: chat, lead forms and consent-gated visit tracking from one script tag
 *   <script src="https://pipewise.example/widget.js" data-site="KEY" async></script>
 * Plain DOM in a shadow root (no framework), every text set with textContent, requests only to the Pipewise server
 * the script came from. Optional attributes: data-form="FORM_ID" (+ data-target="#css-selector") embeds a lead form,
 * data-chat="off" hides the chat launcher. `window.Pipewise.form(formId, element)` embeds a form from code.
 */
import { css } from './widget.css';

type Msg = {
  id: string;
  seq: number;
  from: 'visitor' | 'bot' | 'agent' | 'system';
  text: string;
  suggestions?: string[];
  products?: { id: string; name: string; price: number | null; reason: string }[];
  action?: 'lead_form' | 'handoff_offer' | 'email_request';
};
type Reply = { status: 'bot' | 'waiting' | 'human' | 'closed'; messages: Msg[] };
type Config = {
  greeting: string;
  colors: { primary: string; background: string; text: string };
  privacyNoticeUrl: string;
  trackingEnabled: boolean;
  chatEnabled: boolean;
  trackingWording: string;
};
type FormDef = {
  id: string;
  title: string;
  fields: { kind: string; key: string; label: string; required: boolean }[];
  consents: { purpose: string; wording: string; required: boolean }[];
  submitLabel: string;
};
type ApiError = { error?: { message?: string; details?: { field?: string } } };

const MARKETING_WORDING = 'Send me news, offers and follow-ups by email.';
const MAX_CHARS = 2000;

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError,
  ) {
    super(body.error?.message ?? `HTTP ${status}`);
  }
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function storage(name: string, value?: string): string | null {
  try {
    if (value !== undefined) localStorage.setItem(name, value);
    return localStorage.getItem(name);
  } catch {
    return value ?? null; // storage blocked: this page view only
  }
}

function randomId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_'[b & 63]).join('');
}

/** Global Privacy Control or Do Not Track: tracking stays off and no banner is shown. */
function browserOptedOut(): boolean {
  const nav = navigator as Navigator & { globalPrivacyControl?: boolean };
  return (
    nav.globalPrivacyControl === true ||
    navigator.doNotTrack === '1' ||
    (window as { doNotTrack?: string }).doNotTrack === '1'
  );
}

/** A speech bubble, drawn (no emoji font or image request needed). */
function chatIcon(): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '26');
  svg.setAttribute('height', '26');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', 'M21 12a8 8 0 0 1-11.6 7.1L4 20.5l1.4-4.9A8 8 0 1 1 21 12Z');
  path.setAttribute('fill', 'none');
  path.setAttribute('stroke', 'currentColor');
  path.setAttribute('stroke-width', '2');
  path.setAttribute('stroke-linejoin', 'round');
  svg.append(path);
  return svg;
}

function safeUrl(u: string): string {
  try {
    const url = new URL(u, location.href);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : '#';
  } catch {
    return '#';
  }
}

function start(script: HTMLScriptElement) {
  const siteKey = script.dataset.site ?? '';
  const base = new URL(script.src, location.href).origin;
  const root = `${base}/w/${encodeURIComponent(siteKey)}`;
  let visitorId = storage('pipewise_visitor');
  if (!visitorId || !/^[A-Za-z0-9_-]{8,64}$/.test(visitorId))
    visitorId = storage('pipewise_visitor', randomId()) ?? randomId();
  const vid = visitorId;

  async function call<T>(path: string, body?: unknown): Promise<T> {
    const res = await fetch(root + path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit',
      mode: 'cors',
    });
    if (res.status === 204) return undefined as T;
    const data = (await res.json().catch(() => ({}))) as T & ApiError;
    if (!res.ok) throw new HttpError(res.status, data);
    return data;
  }

  const host = el('div', { 'data-pipewise': 'widget' });
  const shadow = host.attachShadow({ mode: 'open' });
  const style = el('style');
  style.textContent = css;
  shadow.append(style);

  function theme(target: HTMLElement, c: Config['colors']) {
    target.style.setProperty('--pw-primary', c.primary);
    target.style.setProperty('--pw-bg', c.background);
    target.style.setProperty('--pw-text', c.text);
  }

  const configPromise = call<Config>('/config');

  // ---------- forms ----------
  async function mountForm(formId: string, target: Element) {
    const formHost = el('div', { 'data-pipewise': 'form' });
    const fshadow = formHost.attachShadow({ mode: 'open' });
    const fstyle = el('style');
    fstyle.textContent = css;
    fshadow.append(fstyle);
    target.append(formHost);
    const wrap = el('div', { class: 'pw-formcard' });
    fshadow.append(wrap);
    try {
      const [config, def] = await Promise.all([configPromise, call<FormDef>(`/forms/${encodeURIComponent(formId)}`)]);
      theme(wrap, config.colors);
      renderForm(wrap, def, config);
    } catch (e) {
      wrap.append(el('p', { role: 'alert' }, e instanceof Error ? e.message : 'This form cannot be shown.'));
    }
  }

  function renderForm(wrap: HTMLElement, def: FormDef, config: Config) {
    const form = el('form', { novalidate: '' });
    form.append(el('h2', { class: 'pw-formtitle' }, def.title));
    const inputs = new Map<string, HTMLInputElement | HTMLTextAreaElement>();
    const errors = new Map<string, HTMLElement>();
    for (const f of def.fields) {
      const id = `pw-f-${def.id}-${f.key}`;
      const row = el('div', { class: 'pw-row' });
      row.append(el('label', { for: id }, f.label + (f.required ? ' *' : '')));
      const input =
        f.kind === 'message'
          ? el('textarea', { id, name: f.key, rows: '4', maxlength: '5000' })
          : el('input', {
              id,
              name: f.key,
              type: f.kind === 'email' ? 'email' : f.kind === 'phone' ? 'tel' : 'text',
              autocomplete:
                f.kind === 'email'
                  ? 'email'
                  : f.kind === 'phone'
                    ? 'tel'
                    : f.kind === 'name'
                      ? 'name'
                      : f.kind === 'company'
                        ? 'organization'
                        : 'off',
              maxlength: '200',
            });
      if (f.required) input.setAttribute('aria-required', 'true');
      const err = el('p', { class: 'pw-error', id: `${id}-err`, 'aria-live': 'polite' });
      input.setAttribute('aria-describedby', err.id);
      row.append(input, err);
      inputs.set(f.key, input);
      errors.set(`values.${f.key}`, err);
      form.append(row);
    }
    const boxes = new Map<string, HTMLInputElement>();
    for (const c of def.consents) {
      const id = `pw-c-${def.id}-${c.purpose}`;
      const row = el('div', { class: 'pw-check' });
      const box = el('input', { type: 'checkbox', id, name: c.purpose });
      const err = el('p', { class: 'pw-error', id: `${id}-err`, 'aria-live': 'polite' });
      box.setAttribute('aria-describedby', err.id);
      row.append(box, el('label', { for: id }, c.wording + (c.required ? ' *' : '')), err);
      boxes.set(c.purpose, box);
      errors.set(`consents.${c.purpose}`, err);
      form.append(row);
    }
    const privacy = el('p', { class: 'pw-small' });
    const link = el(
      'a',
      { href: safeUrl(config.privacyNoticeUrl), target: '_blank', rel: 'noopener' },
      'How we use your data',
    );
    privacy.append(link);
    const status = el('p', { class: 'pw-error', role: 'alert' });
    const submit = el('button', { type: 'submit', class: 'pw-primary' }, def.submitLabel);
    form.append(privacy, status, submit);
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      for (const e of errors.values()) e.textContent = '';
      status.textContent = '';
      submit.disabled = true;
      const values: Record<string, string> = {};
      for (const [k, input] of inputs) values[k] = input.value;
      const consents = [...boxes].map(([purpose, box]) => ({ purpose, granted: box.checked }));
      call<{ ok: boolean; thankYou: string }>(`/forms/${encodeURIComponent(def.id)}`, {
        visitorId: vid,
        pageUrl: location.href.slice(0, 2000),
        values,
        consents,
      })
        .then((r) => {
          const thanks = el('p', { class: 'pw-thanks', role: 'status', tabindex: '-1' }, r.thankYou);
          form.replaceWith(thanks);
          thanks.focus();
        })
        .catch((e: unknown) => {
          submit.disabled = false;
          const field = e instanceof HttpError ? e.body.error?.details?.field : undefined;
          const target = field ? errors.get(field) : undefined;
          const message = e instanceof Error ? e.message : 'Sending failed; please try again.';
          if (target) {
            target.textContent = message;
            const key = field!.split('.')[1] ?? '';
            (inputs.get(key) ?? boxes.get(key))?.focus();
          } else status.textContent = message;
        });
    });
    wrap.replaceChildren(form);
  }

  // ---------- tracking ----------
  function track() {
    void call('/track', {
      visitorId: vid,
      url: location.href.slice(0, 2000),
      title: document.title.slice(0, 500),
      referrer: document.referrer.slice(0, 2000),
    }).catch(() => {});
  }

  function consentBanner(config: Config, container: HTMLElement) {
    const banner = el('div', { class: 'pw-banner', role: 'region', 'aria-label': 'Website tracking' });
    const p = el('p', {}, config.trackingWording + ' ');
    p.append(el('a', { href: safeUrl(config.privacyNoticeUrl), target: '_blank', rel: 'noopener' }, 'Privacy notice'));
    const yes = el('button', { type: 'button', class: 'pw-primary' }, 'Allow');
    const no = el('button', { type: 'button', class: 'pw-secondary' }, 'No thanks');
    const answer = (tracking: 'granted' | 'denied') => {
      storage('pipewise_tracking', tracking);
      banner.remove();
      void call('/consent', { visitorId: vid, tracking, wording: config.trackingWording })
        .then(() => {
          if (tracking === 'granted') track();
        })
        .catch(() => {});
    };
    yes.addEventListener('click', () => answer('granted'));
    no.addEventListener('click', () => answer('denied'));
    const buttons = el('div', { class: 'pw-buttons' });
    buttons.append(yes, no);
    banner.append(p, buttons);
    container.append(banner);
  }

  // ---------- chat ----------
  function mountChat(config: Config, container: HTMLElement) {
    let conversationId: string | null = storage('pipewise_conversation');
    let lastSeq = 0;
    let status: Reply['status'] = 'bot';
    let pollTimer: number | undefined;
    let open = false;

    const launcherWrap = el('div', { class: 'pw-launcher-wrap' });
    const bubble = el('p', { class: 'pw-bubble' }, config.greeting);
    const launcher = el('button', {
      type: 'button',
      class: 'pw-launcher',
      'aria-expanded': 'false',
      'aria-controls': 'pw-panel',
      'aria-label': 'Open chat',
    });
    launcher.append(chatIcon());
    launcherWrap.append(bubble, launcher);

    const panel = el('div', {
      class: 'pw-panel',
      id: 'pw-panel',
      role: 'dialog',
      'aria-label': 'Chat with us',
      hidden: '',
    });
    const header = el('div', { class: 'pw-header' });
    header.append(el('h2', {}, 'Chat with us'));
    const close = el('button', { type: 'button', class: 'pw-close', 'aria-label': 'Close chat' }, '×');
    header.append(close);
    const log = el('div', {
      class: 'pw-log',
      role: 'log',
      'aria-live': 'polite',
      'aria-relevant': 'additions',
      tabindex: '0',
    });
    const extras = el('div', { class: 'pw-extras' });
    const composer = el('form', { class: 'pw-composer' });
    const input = el('textarea', {
      rows: '1',
      'aria-label': 'Your message',
      placeholder: 'Type your question…',
      maxlength: String(MAX_CHARS),
    });
    const send = el('button', { type: 'submit', class: 'pw-primary' }, 'Send');
    composer.append(input, send);
    const footer = el('div', { class: 'pw-footer' });
    const person = el('button', { type: 'button', class: 'pw-link' }, 'Talk to a person');
    footer.append(
      person,
      el('a', { href: safeUrl(config.privacyNoticeUrl), target: '_blank', rel: 'noopener' }, 'Privacy'),
    );
    const statusLine = el('p', { class: 'pw-status', role: 'status' });
    panel.append(header, log, extras, statusLine, composer, footer);
    container.append(panel, launcherWrap);

    function addMessage(m: Msg) {
      if (m.seq <= lastSeq) return;
      lastSeq = m.seq;
      const item = el('div', { class: `pw-msg pw-${m.from}` });
      const who = m.from === 'visitor' ? 'You' : m.from === 'agent' ? 'Team' : m.from === 'system' ? '' : 'Assistant';
      if (who) item.append(el('span', { class: 'pw-visually-hidden' }, `${who}: `));
      item.append(el('p', {}, m.text));
      for (const p of m.products ?? []) {
        const card = el('div', { class: 'pw-product' });
        card.append(el('strong', {}, p.name));
        if (p.price !== null) card.append(el('span', { class: 'pw-price' }, ` ${p.price.toFixed(2)}`));
        card.append(el('p', { class: 'pw-small' }, p.reason));
        item.append(card);
      }
      if (m.from === 'bot' && m.seq > 1) {
        const rate = el('div', { class: 'pw-rate', role: 'group', 'aria-label': 'Did this answer help?' });
        rate.append(el('span', { class: 'pw-small' }, 'Helpful?'));
        for (const [helpful, label, word] of [
          [true, 'Yes, this answer helped', 'Yes'],
          [false, 'No, this answer did not help', 'No'],
        ] as const) {
          const b = el('button', { type: 'button', 'aria-label': label }, word);
          b.addEventListener('click', () => {
            if (!conversationId) return;
            rate.replaceChildren(el('span', { class: 'pw-small' }, 'Thanks for telling us.'));
            void call('/chat/rate', { visitorId: vid, conversationId, messageId: m.id, helpful }).catch(() => {});
          });
          rate.append(b);
        }
        item.append(rate);
      }
      log.append(item);
      log.scrollTop = log.scrollHeight;
      extras.replaceChildren();
      if (m.suggestions?.length) {
        const row = el('div', { class: 'pw-suggestions', role: 'group', 'aria-label': 'Suggestions' });
        for (const s of m.suggestions.slice(0, 6)) {
          const b = el('button', { type: 'button', class: 'pw-chip' }, s);
          b.addEventListener('click', () => void say(s));
          row.append(b);
        }
        extras.append(row);
      }
      if (m.action === 'lead_form' || m.action === 'email_request') extras.append(leadForm(m.action));
      if (m.action === 'handoff_offer' && !m.suggestions?.length) {
        const b = el('button', { type: 'button', class: 'pw-chip' }, 'Yes, get a person');
        b.addEventListener('click', () => void handoff());
        extras.append(b);
      }
    }

    function apply(r: Reply) {
      status = r.status;
      for (const m of r.messages) addMessage(m);
      statusLine.textContent =
        status === 'waiting'
          ? 'Waiting for a person to join…'
          : status === 'human'
            ? 'You are chatting with our team.'
            : '';
      person.hidden = status !== 'bot';
    }

    function leadForm(kind: 'lead_form' | 'email_request') {
      const form = el('form', { class: 'pw-lead', 'aria-label': 'Your contact details' });
      const fields: [string, string, string][] =
        kind === 'email_request'
          ? [['email', 'Email', 'email']]
          : [
              ['name', 'Name', 'text'],
              ['email', 'Email', 'email'],
              ['phone', 'Phone (optional)', 'tel'],
            ];
      const inputs = new Map<string, HTMLInputElement>();
      for (const [key, label, type] of fields) {
        const id = `pw-lead-${key}`;
        const row = el('div', { class: 'pw-row' });
        const i = el('input', {
          id,
          type,
          name: key,
          autocomplete: key === 'name' ? 'name' : key === 'phone' ? 'tel' : 'email',
        });
        row.append(el('label', { for: id }, label), i);
        inputs.set(key, i);
        form.append(row);
      }
      const check = el('div', { class: 'pw-check' });
      const box = el('input', { type: 'checkbox', id: 'pw-lead-mkt' });
      check.append(box, el('label', { for: 'pw-lead-mkt' }, MARKETING_WORDING));
      const err = el('p', { class: 'pw-error', role: 'alert' });
      const submit = el('button', { type: 'submit', class: 'pw-primary' }, 'Send my details');
      form.append(check, err, submit);
      form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        if (!conversationId) return;
        const v = (k: string) => inputs.get(k)?.value.trim() || undefined;
        submit.disabled = true;
        call<Reply & { contactId: string }>('/chat/lead', {
          visitorId: vid,
          conversationId,
          name: v('name'),
          email: v('email'),
          phone: v('phone'),
          consents: [{ purpose: 'marketing_email', granted: box.checked, wording: MARKETING_WORDING }],
        })
          .then((r) => {
            form.remove();
            apply(r);
          })
          .catch((e: unknown) => {
            submit.disabled = false;
            err.textContent = e instanceof Error ? e.message : 'Sending failed';
          });
      });
      return form;
    }

    async function ensureConversation() {
      if (conversationId) {
        try {
          apply(
            await call<Reply>(`/chat/messages?${new URLSearchParams({ visitorId: vid, conversationId, after: '0' })}`),
          );
          return;
        } catch {
          conversationId = null;
        }
      }
      const r = await call<Reply & { conversationId: string }>('/chat/start', {
        visitorId: vid,
        pageUrl: location.href.slice(0, 2000),
      });
      conversationId = r.conversationId;
      storage('pipewise_conversation', conversationId);
      apply(r);
    }

    async function say(text: string) {
      const t = text.trim();
      if (!t) return;
      if (t.length > MAX_CHARS) {
        statusLine.textContent = `Please keep a message under ${MAX_CHARS} characters.`;
        return;
      }
      send.disabled = true;
      try {
        await ensureConversation();
        const r = await call<Reply>('/chat/say', { visitorId: vid, conversationId, text: t });
        input.value = '';
        apply(r);
      } catch (e) {
        statusLine.textContent = e instanceof Error ? e.message : 'Sending failed; please try again.';
      } finally {
        send.disabled = false;
        input.focus();
      }
    }

    async function handoff() {
      try {
        await ensureConversation();
        apply(await call<Reply>('/chat/handoff', { visitorId: vid, conversationId }));
      } catch (e) {
        statusLine.textContent = e instanceof Error ? e.message : 'Please try again.';
      }
    }

    // Agent replies arrive by polling: often while a person is involved, rarely otherwise.
    function schedulePoll() {
      window.clearTimeout(pollTimer);
      if (!open) return;
      pollTimer = window.setTimeout(
        () => {
          if (!conversationId) return schedulePoll();
          call<Reply>(
            `/chat/messages?${new URLSearchParams({ visitorId: vid, conversationId, after: String(lastSeq) })}`,
          )
            .then(apply)
            .catch(() => {})
            .finally(schedulePoll);
        },
        status === 'bot' ? 10_000 : 2_000,
      );
    }

    function setOpen(next: boolean) {
      open = next;
      panel.hidden = !next;
      launcher.setAttribute('aria-expanded', String(next));
      launcher.setAttribute('aria-label', next ? 'Close chat' : 'Open chat');
      bubble.hidden = next;
      container.classList.toggle('pw-open', next);
      if (next) {
        input.focus();
        void ensureConversation()
          .catch((e: unknown) => (statusLine.textContent = e instanceof Error ? e.message : 'Chat is unavailable'))
          .finally(schedulePoll);
      } else {
        window.clearTimeout(pollTimer);
        launcher.focus();
      }
    }

    launcher.addEventListener('click', () => setOpen(!open));
    close.addEventListener('click', () => setOpen(false));
    panel.addEventListener('keydown', (ev) => {
      if (ev.key === 'Escape') {
        ev.preventDefault();
        setOpen(false);
      }
    });
    input.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' && !ev.shiftKey) {
        ev.preventDefault();
        composer.requestSubmit();
      }
    });
    composer.addEventListener('submit', (ev) => {
      ev.preventDefault();
      void say(input.value);
    });
    person.addEventListener('click', () => void handoff());
  }

  const api = {
    form: (formId: string, target: Element) => void mountForm(formId, target),
  };
  (window as { Pipewise?: typeof api }).Pipewise = api;

  const formId = script.dataset.form;
  if (formId) {
    const target = (script.dataset.target && document.querySelector(script.dataset.target)) || null;
    const holder = target ?? el('div');
    if (!target) script.after(holder);
    void mountForm(formId, holder);
  }

  void configPromise
    .then((config) => {
      const container = el('div', { class: 'pw-root' });
      theme(container, config.colors);
      shadow.append(container);
      document.body.append(host);
      const optedOut = browserOptedOut();
      if (config.trackingEnabled && !optedOut) {
        const choice = storage('pipewise_tracking');
        if (choice === 'granted') track();
        else if (choice === null) consentBanner(config, container);
      }
      if (config.chatEnabled && script.dataset.chat !== 'off') mountChat(config, container);
    })
    .catch(() => {
      // Not allowed here (origin), wrong key, or the server is away: the page stays as it was.
    });
}

const current = document.currentScript as HTMLScriptElement | null;
const script = current ?? (document.querySelector('script[data-site][src*="widget.js"]') as HTMLScriptElement | null);
if (script?.dataset.site) {
  if (document.body) start(script);
  else document.addEventListener('DOMContentLoaded', () => start(script));
}
