// Renders a Vega-Lite spec to SVG (vega, headless) and PNG (Chromium via playwright-core):
//   node bench/qmc_render.mjs SPEC.vl.json OUT.svg OUT.png   (M: a web/node_modules folder)
import fs from "fs";
const M = process.env.NODE_MODULES ?? new URL("../web/node_modules/", import.meta.url).pathname;
const vega = await import(M + "vega/build/vega.module.js").catch(() => import(M + "vega/index.js"));
const vl = await import(M + "vega-lite/build/index.js").catch(() => import(M + "vega-lite/build/vega-lite.js"));
const { chromium } = await import(M + "playwright-core/index.mjs");
const [specPath, svgPath, pngPath] = process.argv.slice(2);
const spec = JSON.parse(fs.readFileSync(specPath, "utf8"));
const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: "none" });
const svg = await view.toSVG();
fs.writeFileSync(svgPath, svg);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
const page = await browser.newPage({ deviceScaleFactor: 2 });
await page.setContent(`<html><body style="margin:0;background:white">${svg}</body></html>`);
const el = await page.$("svg");
await el.screenshot({ path: pngPath });
await browser.close();
