// The app's styles, scoped under .ll-admin. WordPress' own .button classes do the buttons.
// Colours meet WCAG AA contrast on their backgrounds; status is also given in words.
export const styles = `
.ll-admin { max-width: 60rem; font-size: 14px; }
.ll-admin *, .ll-admin *::before, .ll-admin *::after { box-sizing: border-box; }
.ll-admin h3 { margin: 1.5em 0 .5em; font-size: 1.15em; }
.ll-admin h3:focus { outline: 2px solid #2271b1; outline-offset: 2px; }
.ll-admin .ll-toolbar { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin: .75rem 0; }
.ll-admin .ll-muted { color: #50575e; }
.ll-admin .ll-error { border-left: 4px solid #d63638; background: #fcf0f1; padding: .5rem .75rem; margin: .75rem 0; }
.ll-admin .ll-cards { list-style: none; margin: 0; padding: 0; display: grid; gap: .75rem;
  grid-template-columns: repeat(auto-fill, minmax(min(100%, 18rem), 1fr)); }
.ll-admin .ll-card { background: #fff; border: 1px solid #c3c4c7; border-radius: 4px; padding: .75rem 1rem; margin: 0; min-width: 0; }
.ll-admin .ll-card-title { font-weight: 600; overflow-wrap: anywhere; margin: 0 0 .4rem; }
.ll-admin .ll-card p { margin: .3rem 0; }
.ll-admin .ll-card .ll-actions { display: flex; flex-wrap: wrap; gap: .5rem; margin-top: .6rem; }
.ll-admin .ll-badge { display: inline-flex; align-items: center; gap: .35em; padding: .1em .55em; border-radius: 999px;
  font-weight: 600; border: 1px solid currentColor; }
.ll-admin .ll-tone-ok { color: #0a5c26; background: #e7f5ec; }
.ll-admin .ll-tone-warn { color: #6e4500; background: #fff4d6; }
.ll-admin .ll-tone-bad { color: #a0121c; background: #fde9ea; }
.ll-admin .ll-tone-neutral { color: #3c434a; background: #f0f0f1; }
.ll-admin .ll-confirm { border-top: 1px solid #dcdcde; margin-top: .6rem; padding-top: .6rem; }
.ll-admin .ll-glance { list-style: none; margin: 0; padding: 0; display: grid; gap: .35rem;
  grid-template-columns: repeat(auto-fill, minmax(4.4rem, 1fr)); }
.ll-admin .ll-glance li { margin: 0; border: 1px solid #c3c4c7; border-radius: 4px; background: #fff; padding: .35rem .4rem;
  text-align: center; line-height: 1.3; }
.ll-admin .ll-glance .ll-day { display: block; font-size: .9em; color: #50575e; }
.ll-admin .ll-glance .ll-count { display: block; font-size: 1.25em; font-weight: 600; }
.ll-admin .ll-glance .ll-has-tours { border-color: #2271b1; background: #f0f6fc; }
.ll-admin .ll-glance .ll-today { outline: 2px solid #1d2327; outline-offset: -2px; }
.ll-admin .ll-days { margin: 0; padding: 0; list-style: none; }
.ll-admin .ll-days > li { margin: 0 0 1rem; }
.ll-admin .ll-days h4 { margin: .75rem 0 .35rem; font-size: 1em; }
.ll-admin .ll-tours { list-style: none; margin: 0; padding: 0; }
.ll-admin .ll-tour { display: grid; grid-template-columns: 5.5rem 1fr; gap: .15rem .75rem; background: #fff;
  border: 1px solid #dcdcde; border-radius: 4px; padding: .5rem .75rem; margin: 0 0 .4rem; }
.ll-admin .ll-tour-time { font-weight: 600; }
.ll-admin .ll-tour-who { min-width: 0; overflow-wrap: anywhere; }
.ll-admin .ll-tour-cancelled .ll-tour-who > strong { text-decoration: line-through; }
.ll-admin .ll-visually-hidden { position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.ll-admin .ll-secret { border-left: 4px solid #2271b1; background: #f0f6fc; padding: .5rem .75rem; margin: .75rem 0; }
.ll-admin .ll-secret code { display: block; overflow-wrap: anywhere; padding: .35rem; margin: .35rem 0; }
.ll-admin .ll-notice { border-left: 4px solid #00a32a; background: #edfaef; padding: .5rem .75rem; margin: .75rem 0; }
.ll-admin .ll-webhook-form fieldset { border: 0; padding: 0; margin: .5rem 0; }
.ll-admin .ll-webhook-form legend, .ll-admin .ll-webhook-form label[for] { font-weight: 600; display: block; margin-bottom: .25rem; }
.ll-admin .ll-check { display: block; margin: .2rem 0; }
.ll-admin .ll-log { margin-top: .6rem; }
.ll-admin .ll-log td { overflow-wrap: anywhere; }
.ll-admin .ll-rules-group { border: 1px solid #c3c4c7; background: #fff; border-radius: 4px; padding: .5rem 1rem; margin: .75rem 0; }
.ll-admin .ll-rules-group legend { font-weight: 600; padding: 0 .25rem; }
.ll-admin .ll-day-hours, .ll-admin .ll-exception { display: flex; flex-wrap: wrap; gap: .4rem .6rem; align-items: center;
  padding: .4rem 0; border-bottom: 1px solid #f0f0f1; }
.ll-admin .ll-day-name { min-width: 6.5rem; }
.ll-admin .ll-range { display: inline-flex; flex-wrap: wrap; gap: .3rem; align-items: center; }
.ll-admin .ll-field-error { color: #a0121c; margin: .25rem 0; flex-basis: 100%; }
.ll-admin [aria-invalid="true"] { border-color: #d63638; box-shadow: 0 0 0 1px #d63638; }
.ll-admin .ll-check-inline { display: inline-flex; gap: .3rem; align-items: center; }
@media (min-width: 48rem) {
  .ll-admin .ll-glance { grid-template-columns: repeat(7, minmax(0, 1fr)); max-width: 44rem; }
}
@media (max-width: 30rem) {
  .ll-admin .ll-tour { grid-template-columns: 1fr; }
  .ll-admin .ll-toolbar .button, .ll-admin .ll-card .ll-actions .button { flex: 1 1 auto; text-align: center; }
}
`;
