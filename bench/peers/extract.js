#!/usr/bin/env node
// Runs a Node peer of NewsBite's extraction benchmark (started by `newsbite-eval extraction`).
//
// Protocol (shared with extract.py and the Rust tools of newsbite-eval): read every page of the
// set in --data (ground-truth.json for ids and URLs, html/<id>.html.gz for the pages) into
// memory, then extract all pages single-threaded in passes (at least --repeat, and more until
// --min-seconds have been timed, at most 50), timing only the extraction (parse and text out
// included), and write JSON to --out:
//   {"tool", "version", "pages", "seconds": [per pass], "texts": {id: text}, "errors": {id: msg}}
// Texts and errors are those of the first pass. Scoring is done by newsbite-eval, not here.
//
// Tools:
//   readability-js  Mozilla Readability on a jsdom document (with the page's URL); the text is
//                   the article's textContent, as the benchmark's own runner takes it.
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const zlib = require("node:zlib");

function parseArgs(argv) {
  const args = { repeat: 1, minSeconds: 0 };
  for (let i = 0; i < argv.length; i += 2) {
    const [key, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${key} needs a value`);
    if (key === "--tool") args.tool = value;
    else if (key === "--data") args.data = value;
    else if (key === "--out") args.out = value;
    else if (key === "--repeat") args.repeat = Math.max(1, parseInt(value, 10) || 1);
    else if (key === "--min-seconds") args.minSeconds = parseFloat(value) || 0;
    else throw new Error(`unknown argument ${key}`);
  }
  for (const key of ["tool", "data", "out"]) {
    if (!args[key]) throw new Error(`--${key} is required`);
  }
  return args;
}

function loadPages(data) {
  const truth = JSON.parse(fs.readFileSync(path.join(data, "ground-truth.json"), "utf8"));
  return Object.keys(truth)
    .sort()
    .map((id) => ({
      id,
      url: truth[id].url || undefined,
      html: zlib.gunzipSync(fs.readFileSync(path.join(data, "html", `${id}.html.gz`))).toString("utf8"),
    }));
}

function packageVersion(name) {
  const file = path.join(__dirname, "node_modules", name, "package.json");
  return JSON.parse(fs.readFileSync(file, "utf8")).version;
}

function readabilityJs() {
  const { Readability } = require("@mozilla/readability");
  const { JSDOM, VirtualConsole } = require("jsdom");
  const quiet = new VirtualConsole(); // pages' CSS and script complaints are not ours
  const version = `${packageVersion("@mozilla/readability")} (jsdom ${packageVersion("jsdom")})`;
  const run = (html, url) => {
    let dom;
    try {
      dom = new JSDOM(html, { url, virtualConsole: quiet });
    } catch (e) {
      dom = new JSDOM(html, { virtualConsole: quiet }); // a URL jsdom refuses
    }
    try {
      const article = new Readability(dom.window.document).parse();
      return (article && article.textContent) || "";
    } finally {
      dom.window.close();
    }
  };
  return { version, run };
}

const MAX_PASSES = 50;

const TOOLS = { "readability-js": readabilityJs };

function main() {
  const args = parseArgs(process.argv.slice(2));
  const make = TOOLS[args.tool];
  if (!make) throw new Error(`unknown tool ${args.tool} (known: ${Object.keys(TOOLS).join(", ")})`);
  const { version, run } = make();
  const pages = loadPages(args.data);
  const output = { tool: args.tool, version, pages: pages.length, seconds: [], texts: {}, errors: {} };
  const timed = () => output.seconds.reduce((a, b) => a + b, 0);
  for (let pass = 0; pass < args.repeat || (timed() < args.minSeconds && pass < MAX_PASSES); pass++) {
    const results = [];
    const start = process.hrtime.bigint();
    for (const page of pages) {
      try {
        results.push([page.id, run(page.html, page.url), null]);
      } catch (e) {
        results.push([page.id, null, String((e && e.message) || e)]);
      }
    }
    output.seconds.push(Number(process.hrtime.bigint() - start) / 1e9);
    if (pass === 0) {
      for (const [id, text, error] of results) {
        if (error === null) output.texts[id] = text;
        else output.errors[id] = error;
      }
    }
  }
  fs.writeFileSync(args.out, JSON.stringify(output));
}

try {
  main();
} catch (e) {
  console.error(`extract.js: ${(e && e.message) || e}`);
  process.exit(1);
}
