// Writes plotly.js's own style rules to a static stylesheet (run by npm after install).
//
// plotly.js normally inserts them into a <style> element it creates, which a strict
// Content Security Policy (style-src 'self') blocks: the chart's layers then stack instead
// of overlapping, and titles and legends fall far below the plot. Given a stylesheet link
// with id "plotly.js-style-global" and class "no-inline-styles", plotly.js inserts nothing
// and the rules come from this file instead. See docs/decisions/0002-charts-under-the-csp.md.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const source = readFileSync(join(root, "node_modules/plotly.js-dist-min/plotly.min.js"), "utf8");
const start = source.indexOf('{"X,X div"');
if (start < 0) throw new Error("plotly.js's style rules were not found: has the bundle changed?");
let depth = 0;
let end = start;
for (; end < source.length; end += 1) {
  if (source[end] === "{") depth += 1;
  else if (source[end] === "}" && --depth === 0) break;
}
// The rules are a plain object literal of selector -> declarations (plotly's build/plotcss.js).
const rules = Function(`"use strict"; return (${source.slice(start, end + 1)});`)();
const css = Object.entries(rules)
  .map(([selector, declarations]) => {
    const full = selector
      .replace(/^,/, " ,")
      .replace(/X/g, ".js-plotly-plot .plotly")
      .replace(/Y/g, ".plotly-notifier");
    return `${full}{${declarations}}`;
  })
  .join("\n");
const out = join(root, "node_modules/.generated/plotly.css");
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `/* Generated from plotly.js-dist-min by frontend/plotly-css.mjs */\n${css}\n`);
console.log(`wrote ${Object.keys(rules).length} plotly.js style rules to ${out}`);
