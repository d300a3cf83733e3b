/** The widget's styles, inside its shadow root: the host page's CSS cannot reach in, ours cannot leak out. */
export const css = `
:host { all: initial; }
.pw-root, .pw-formcard { --pw-primary: #1f6feb; --pw-bg: #ffffff; --pw-text: #1f2328;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--pw-text); }
.pw-root { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; display: flex; flex-direction: column;
  align-items: flex-end; gap: 12px; }
button { font: inherit; cursor: pointer; }
button:focus-visible, a:focus-visible, input:focus-visible, textarea:focus-visible, .pw-log:focus-visible {
  outline: 3px solid var(--pw-primary); outline-offset: 2px; }
.pw-launcher-wrap { display: flex; align-items: center; gap: 10px; }
.pw-bubble { margin: 0; max-width: 240px; background: var(--pw-bg); color: var(--pw-text); padding: 10px 14px;
  border-radius: 14px; box-shadow: 0 4px 18px rgba(0,0,0,.15); font-size: 14px; }
.pw-launcher { width: 58px; height: 58px; border-radius: 50%; border: 0; background: var(--pw-primary); color: #fff;
  display: flex; align-items: center; justify-content: center; box-shadow: 0 4px 18px rgba(0,0,0,.25); }
.pw-panel { width: 370px; max-width: calc(100vw - 24px); height: 560px; max-height: calc(100vh - 110px);
  background: var(--pw-bg); border-radius: 16px; box-shadow: 0 10px 40px rgba(0,0,0,.25); display: flex;
  flex-direction: column; overflow: hidden; }
.pw-panel[hidden], [hidden] { display: none !important; }
.pw-header { display: flex; align-items: center; justify-content: space-between; background: var(--pw-primary);
  color: #fff; padding: 12px 16px; }
.pw-header h2 { margin: 0; font-size: 16px; font-weight: 600; }
.pw-close { background: transparent; border: 0; color: #fff; font-size: 26px; line-height: 1; padding: 0 4px; }
.pw-log { flex: 1; overflow-y: auto; padding: 14px; display: flex; flex-direction: column; gap: 10px; }
.pw-msg { max-width: 85%; padding: 9px 12px; border-radius: 14px; background: #f1f3f5; align-self: flex-start;
  white-space: pre-wrap; overflow-wrap: anywhere; }
.pw-msg p { margin: 0; }
.pw-visitor { align-self: flex-end; background: var(--pw-primary); color: #fff; }
.pw-agent { background: #e7f5ec; border: 1px solid #b7e1c5; }
.pw-system { align-self: center; background: transparent; color: #57606a; font-size: 13px; text-align: center; }
.pw-product { margin-top: 8px; padding: 8px 10px; border: 1px solid #d0d7de; border-radius: 10px; background: #fff; color: #1f2328; }
.pw-price { color: #1a7f37; font-weight: 600; }
.pw-rate { display: flex; align-items: center; gap: 6px; margin-top: 6px; }
.pw-rate button { background: #fff; color: #1f2328; border: 1px solid #d0d7de; border-radius: 6px; padding: 0 8px;
  font-size: 12px; line-height: 20px; }
.pw-rate button:hover { border-color: var(--pw-primary); }
.pw-extras { padding: 0 14px; display: flex; flex-direction: column; gap: 8px; }
.pw-suggestions { display: flex; flex-wrap: wrap; gap: 6px; }
.pw-chip { border: 1px solid var(--pw-primary); color: var(--pw-primary); background: var(--pw-bg); border-radius: 999px;
  padding: 4px 12px; font-size: 13px; }
.pw-status { margin: 0; padding: 0 14px; font-size: 13px; color: #57606a; min-height: 1px; }
.pw-composer { display: flex; gap: 8px; padding: 10px 14px; border-top: 1px solid #d0d7de; }
.pw-composer textarea { flex: 1; resize: none; border: 1px solid #d0d7de; border-radius: 10px; padding: 8px 10px;
  font: inherit; color: #1f2328; background: #fff; }
.pw-primary { background: var(--pw-primary); color: #fff; border: 0; border-radius: 10px; padding: 8px 14px; font-weight: 600; }
.pw-primary:disabled { opacity: .6; cursor: default; }
.pw-secondary { background: transparent; color: var(--pw-text); border: 1px solid #d0d7de; border-radius: 10px; padding: 8px 14px; }
.pw-footer { display: flex; justify-content: space-between; padding: 6px 14px 10px; font-size: 12px; }
.pw-footer a, .pw-small a, .pw-banner a { color: var(--pw-primary); }
.pw-link { background: transparent; border: 0; color: var(--pw-primary); padding: 0; font-size: 12px; text-decoration: underline; }
.pw-banner { width: 340px; max-width: calc(100vw - 24px); background: var(--pw-bg); border-radius: 14px;
  box-shadow: 0 6px 24px rgba(0,0,0,.2); padding: 14px 16px; font-size: 14px; }
.pw-banner p { margin: 0 0 10px; }
.pw-buttons { display: flex; gap: 8px; }
.pw-lead, .pw-formcard form { display: flex; flex-direction: column; gap: 10px; }
.pw-lead { border: 1px solid #d0d7de; border-radius: 12px; padding: 10px; }
.pw-row { display: flex; flex-direction: column; gap: 4px; }
.pw-row label { font-size: 13px; font-weight: 600; }
.pw-row input, .pw-row textarea { border: 1px solid #d0d7de; border-radius: 8px; padding: 8px 10px; font: inherit;
  color: #1f2328; background: #fff; }
.pw-check { display: grid; grid-template-columns: auto 1fr; gap: 4px 8px; align-items: start; font-size: 13px; }
.pw-check .pw-error { grid-column: 1 / -1; }
.pw-error { margin: 0; color: #cf222e; font-size: 13px; }
.pw-error:empty { display: none; }
.pw-small { margin: 0; font-size: 12px; color: #57606a; }
.pw-formcard { background: var(--pw-bg); border: 1px solid #d0d7de; border-radius: 14px; padding: 20px; max-width: 520px; }
.pw-formtitle { margin: 0 0 4px; font-size: 20px; }
.pw-thanks { font-size: 16px; margin: 0; }
.pw-visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media (max-width: 480px) {
  .pw-root { right: 12px; bottom: 12px; left: 12px; }
  .pw-panel { position: fixed; inset: 0; width: 100vw; max-width: none; height: 100dvh; max-height: none; border-radius: 0; }
  .pw-bubble { display: none; }
  .pw-open .pw-launcher-wrap { display: none; }
  .pw-banner { width: auto; }
}
@media (prefers-reduced-motion: no-preference) { .pw-launcher { transition: transform .15s; } .pw-launcher:hover { transform: scale(1.05); } }
`;
