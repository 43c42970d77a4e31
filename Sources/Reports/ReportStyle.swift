import Foundation
/// The report's style sheet: inline, no web fonts, readable on screen and printed on white.
enum ReportStyle {
    static let css = """
    :root { --ink: #1d2733; --muted: #5b6875; --line: #d8dee4; --accent: #1f4e8c; --panel: #f5f7fa; }
    * { box-sizing: border-box; }
    body { font: 15px/1.45 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: var(--ink); background: #fff;
           max-width: 1120px; margin: 0 auto; padding: 24px 28px 64px; }
    header h1 { font-size: 28px; margin: 0 0 4px; }
    .meta { color: var(--muted); font-size: 13px; margin: 0 0 12px; }
    nav ol { columns: 2; font-size: 14px; margin: 8px 0 0; }
    nav a, a { color: var(--accent); }
    h2 { font-size: 22px; border-bottom: 2px solid var(--accent); padding-bottom: 4px; margin: 40px 0 12px; }
    h3 { font-size: 17px; margin: 26px 0 10px; color: var(--accent); }
    h4 { font-size: 15px; margin: 16px 0 6px; }
    .question { font-size: 19px; border-left: 4px solid var(--accent); padding: 10px 16px; background: var(--panel); margin: 0 0 8px; }
    .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 10px; margin: 8px 0 16px; }
    .card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; background: var(--panel); break-inside: avoid; }
    .card .label { font-size: 12px; color: var(--muted); }
    .card .value { font-size: 21px; font-weight: 600; font-variant-numeric: tabular-nums; }
    .card .ci, .card .note { font-size: 12px; color: var(--muted); }
    .card.significant { border-left: 4px solid var(--accent); }
    table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 6px 0 16px; }
    th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
    th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    thead th { background: #eef2f6; }
    table.inputs th { width: 210px; font-weight: 600; background: none; }
    caption { caption-side: top; text-align: left; font-weight: 600; padding: 4px 0; }
    figure { margin: 12px 0 22px; break-inside: avoid; page-break-inside: avoid; }
    figure svg { max-width: 100%; height: auto; border: 1px solid var(--line); }
    figcaption { font-size: 12px; color: var(--muted); margin-top: 4px; }
    code { font: 12px/1.4 ui-monospace, Menlo, Consolas, monospace; background: #f0f2f5; padding: 2px 4px; border-radius: 3px;
           overflow-wrap: anywhere; }
    details { margin: 6px 0 16px; }
    details summary { cursor: pointer; color: var(--accent); }
    .omitted { color: var(--muted); font-size: 13px; }
    .yes { color: #1f4e8c; font-weight: 600; }
    @media print {
      @page { margin: 14mm; }
      body { max-width: none; padding: 0; font-size: 10.5pt; }
      nav { display: none; }
      section.set { break-before: page; page-break-before: always; }
      h2, h3, h4, caption { break-after: avoid; page-break-after: avoid; }
      figure, .card, .cards, table.small, tr { break-inside: avoid; page-break-inside: avoid; }
      thead { display: table-header-group; }
      .card, .question, thead th, code { background: none !important; }
      figure svg { border: none; }
      a { color: inherit; text-decoration: none; }
    }
    """
}
