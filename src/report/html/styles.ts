/** The page's only stylesheet, inlined so the report needs nothing from the network. */
export const STYLES = `
:root { --ink:#1f2328; --muted:#5f6b76; --line:#d9dee3; --soft:#f5f7f9; --neg:#c2413b; --pos:#2f6db5; --loaded:#8e44ad; --hedge:#d98c1f; }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; color:var(--ink); background:#fff; }
header.top { background:#1f2a36; color:#fff; padding:20px 32px; }
header.top h1 { margin:0 0 4px; font-size:22px; font-weight:600; }
header.top p { margin:0; color:#c9d3dd; font-size:14px; }
main { max-width:1240px; margin:0 auto; padding:8px 32px 64px; }
nav.toc { border-bottom:1px solid var(--line); padding:12px 0; font-size:14px; }
nav.toc a { margin-right:14px; }
h2 { font-size:20px; margin:36px 0 8px; padding-bottom:6px; border-bottom:2px solid var(--ink); }
h3 { font-size:17px; margin:0 0 4px; }
h4 { font-size:14px; margin:20px 0 6px; text-transform:uppercase; letter-spacing:.04em; color:var(--muted); }
a { color:#1f5fa8; text-decoration:none; } a:hover { text-decoration:underline; }
p.note { color:var(--muted); font-size:13.5px; max-width:900px; }
.charts { display:flex; flex-direction:column; gap:18px; margin:16px 0; }
figure.chart { margin:0; overflow-x:auto; } figure.chart svg { max-width:100%; height:auto; }
table { border-collapse:collapse; width:100%; font-size:13.5px; margin:6px 0 10px; }
th, td { text-align:left; vertical-align:top; padding:6px 8px; border-bottom:1px solid var(--line); overflow-wrap:break-word; }
td.outlet, td .sid, td.sent { overflow-wrap:anywhere; }
td.groups { min-width:150px; }
td.date { white-space:nowrap; }
table.profile th { width:170px; }
th .sid { font-weight:normal; display:block; }
td.wide { min-width:140px; }
td.outlet { min-width:110px; font-weight:600; }
.rate { display:inline-block; min-width:34px; font-weight:600; font-variant-numeric:tabular-nums; }
.rate.loaded { color:var(--loaded); } .rate.hedge { color:#a8650f; }
th { background:var(--soft); font-weight:600; font-size:12.5px; color:#333; }
td.num, th.num { text-align:right; font-variant-numeric:tabular-nums; white-space:nowrap; }
.terms { color:#4a2a5a; font-size:12.5px; }
.terms .q { color:var(--muted); }
article.event { border:1px solid var(--line); border-radius:8px; padding:16px 20px 8px; margin:18px 0; }
article.event .meta { color:var(--muted); font-size:13px; margin:0 0 8px; }
.outlet-tag { display:inline-block; background:var(--soft); border:1px solid var(--line); border-radius:10px; padding:0 8px; font-size:12px; margin:0 4px 2px 0; }
ul.articles { margin:4px 0 8px; padding-left:18px; font-size:13.5px; }
table.claims td { width:1%; }
.claims-scroll { overflow-x:auto; } table.claims th, table.claims td { min-width:180px; }
table.claims td.sent { font-size:13.5px; }
td.missing { color:var(--muted); font-style:italic; background:#fbf6ec; }
blockquote { margin:0 0 6px; padding:0 0 0 8px; border-left:3px solid var(--line); }
.sid { color:var(--muted); font-size:11.5px; font-family:ui-monospace,Menlo,Consolas,monospace; }
.bar { display:inline-block; height:10px; border-radius:2px; vertical-align:middle; }
.tone-cell { white-space:nowrap; }
.tone-track { display:inline-block; position:relative; width:90px; height:10px; background:var(--soft); border-radius:2px; vertical-align:middle; margin-right:6px; }
.tone-track span { position:absolute; top:0; height:10px; border-radius:2px; }
.tone-track b { position:absolute; top:4px; height:2px; background:#222; }
.tone-cell.few .tone-track span { opacity:.6; }
.tone-track i { position:absolute; left:45px; top:-2px; width:1px; height:14px; background:#888; }
.neg { color:var(--neg); } .pos { color:var(--pos); }
.num-hl { background:#fff1c2; padding:0 2px; border-radius:2px; font-weight:600; }
.empty { color:var(--muted); font-style:italic; font-size:13.5px; }
details > summary { cursor:pointer; color:#1f5fa8; font-size:13.5px; margin:6px 0; }
details.event { border:1px solid var(--line); border-radius:8px; padding:8px 20px; margin:10px 0; }
details.event > summary { color:var(--ink); font-size:15px; margin:4px 0; }
details.event > summary .ev-title { font-weight:600; }
details.event > summary .meta { display:block; color:var(--muted); font-size:12.5px; margin-left:18px; }
details.event.wrong > summary .ev-title, tr.finding.wrong td.sent { text-decoration:line-through; color:var(--muted); }
.conf, .verdict, .new { display:inline-block; border-radius:8px; padding:0 6px; font-size:11.5px; margin:2px 0 0 4px; white-space:nowrap; }
.conf-high { background:#e3f1e6; } .conf-medium { background:#f3f0dc; } .conf-low { background:#f6e1df; }
.verdict-right { background:#d6efdb; color:#1d5a2b; } .verdict-wrong { background:#f4d3cf; color:#8a1f17; font-weight:600; }
.new { background:#dbe8f8; color:#1f4f8a; }
td.finding-meta { min-width:150px; }
form.filter { display:flex; flex-wrap:wrap; gap:10px 16px; align-items:center; background:var(--soft); padding:10px 12px; border-radius:6px; font-size:13.5px; }
form.filter input[type=search] { width:220px; }
#event-index tbody tr[hidden], details.event[hidden] { display:none; }
ul.summary { padding-left:18px; } ol.top-events { font-size:14px; }
footer { color:var(--muted); font-size:12.5px; border-top:1px solid var(--line); margin-top:40px; padding-top:10px; }
`;
