import type { ReactNode } from 'react';
import { Logo } from '../components/Sidebar';
import { Icon, type IconName } from '../components/Icon';

const points: { icon: IconName; title: string; text: string }[] = [
  { icon: 'target', title: 'Who to call today', text: 'Scores and reasons for every lead, in plain words.' },
  { icon: 'trend', title: 'What you will sell', text: 'Forecasts from your own pipeline and order history.' },
  {
    icon: 'shield',
    title: 'Your data, your server',
    text: 'Self-hosted, consent-aware, never mails someone who said no.',
  },
];

export function AuthLayout({ title, subtitle, children }: { title: string; subtitle: string; children: ReactNode }) {
  return (
    <div className="grid min-h-full lg:grid-cols-[1fr_minmax(480px,560px)]">
      <div className="relative hidden overflow-hidden bg-slate-900 lg:block">
        <div className="absolute inset-0 bg-[radial-gradient(ellipse_at_top_left,rgba(99,102,241,0.45),transparent_55%),radial-gradient(ellipse_at_bottom_right,rgba(20,184,166,0.25),transparent_50%)]" />
        <div className="relative flex h-full flex-col justify-between p-12 text-white">
          <div className="flex items-center gap-2">
            <span className="flex size-8 items-center justify-center rounded-lg bg-white/10 ring-1 ring-white/20">
              <svg
                viewBox="0 0 24 24"
                className="size-4"
                fill="none"
                stroke="currentColor"
                strokeWidth={2.5}
                strokeLinecap="round"
                strokeLinejoin="round"
                aria-hidden
              >
                <path d="M7 18V6h6a4 4 0 010 8H7" />
              </svg>
            </span>
            <span className="text-lg font-semibold tracking-tight">Pipewise</span>
          </div>
          <div className="max-w-md">
            <h2 className="text-3xl font-semibold tracking-tight">The sales copilot for small teams.</h2>
            <ul className="mt-8 space-y-5">
              {points.map((p) => (
                <li key={p.title} className="flex gap-3">
                  <span className="flex size-9 shrink-0 items-center justify-center rounded-lg bg-white/10 ring-1 ring-white/15">
                    <Icon name={p.icon} className="size-4.5" />
                  </span>
                  <span>
                    <span className="block text-sm font-semibold">{p.title}</span>
                    <span className="block text-sm text-slate-300">{p.text}</span>
                  </span>
                </li>
              ))}
            </ul>
          </div>
          <p className="text-xs text-slate-400">Open source · AGPL-3.0</p>
        </div>
      </div>
      <div className="flex items-center justify-center bg-white px-8 py-12">
        <div className="w-full max-w-sm">
          <Logo className="mb-10 lg:hidden" />
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
          <p className="mt-1.5 text-sm text-slate-500">{subtitle}</p>
          <div className="mt-8">{children}</div>
        </div>
      </div>
    </div>
  );
}
