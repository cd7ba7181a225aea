// A tiny renderer for the Mermaid flowcharts Burr writes (nodes, default and conditional edges, the current
// node's class): enough to draw a Burr graph as SVG without shipping mermaid.js, and with no network access.
(function () {
  'use strict';
  const NS = 'http://www.w3.org/2000/svg';

  function parse(text) {
    const nodes = [], byId = {}, edges = [];
    let current = null;
    const unquote = (s) => s.replace(/#quot;/g, '"');
    for (const raw of text.split('\n')) {
      const line = raw.trim();
      let m;
      if ((m = line.match(/^(\w+)\["(.*)"\]$/))) {
        const node = { id: m[1], label: unquote(m[2]) };
        nodes.push(node); byId[node.id] = node;
      } else if ((m = line.match(/^(\w+) -\. "(.*)" \.-> (\w+)$/))) {
        edges.push({ from: m[1], to: m[3], label: unquote(m[2]) });
      } else if ((m = line.match(/^(\w+) --> (\w+)$/))) {
        edges.push({ from: m[1], to: m[2], label: null });
      } else if ((m = line.match(/^class (\w+) current$/))) {
        current = m[1];
      }
    }
    return { nodes, byId, edges, current };
  }

  function el(name, attrs, parent) {
    const e = document.createElementNS(NS, name);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(e);
    return e;
  }

  // Splits a label into at most `lines` lines of about `width` characters, breaking after '.', ' ', ')' or '|'.
  function wrap(text, width, lines) {
    const parts = text.match(/[^. )|]*[. )|]?/g).filter(Boolean);
    const out = [''];
    for (const part of parts) {
      if (out[out.length - 1].length + part.length > width && out[out.length - 1]) out.push('');
      out[out.length - 1] += part;
    }
    if (out.length > lines) {
      out.length = lines;
      out[lines - 1] = out[lines - 1].slice(0, width - 1) + '\u2026';
    }
    return out.map((l) => l.trim());
  }

  // Nodes in a column in declaration order; an edge to the next node is straight, an edge back up curves on
  // the right, an edge skipping nodes curves on the left.
  function render(text, container) {
    const g = parse(text);
    const cx = 230, rowGap = 90, top = 20, height = 36;
    const index = {};
    g.nodes.forEach((n, i) => {
      index[n.id] = i;
      n.width = Math.max(110, n.label.length * 8 + 28);
      n.y = top + i * rowGap;
    });
    const svgHeight = top * 2 + (g.nodes.length - 1) * rowGap + height;
    const svg = el('svg', { viewBox: '0 0 400 ' + svgHeight, role: 'img', 'aria-label': 'Burr graph' });
    const defs = el('defs', {}, svg);
    const marker = el('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, defs);
    el('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#546e7a' }, marker);
    let leftBends = 0, rightBends = 0;
    for (const e of g.edges) {
      const a = g.byId[e.from], b = g.byId[e.to];
      if (!a || !b || a === b) continue;
      const ia = index[e.from], ib = index[e.to];
      const group = el('g', { class: 'edge' + (e.label ? ' conditional' : '') }, svg);
      let d, lx, ly, anchor;
      if (ib === ia + 1) {
        d = `M${cx - 10},${a.y + height} L${cx - 10},${b.y}`;
        lx = cx - 16; ly = (a.y + height + b.y) / 2 + 4; anchor = 'end';
      } else if (ib < ia) {
        const x1 = cx + a.width / 2, x2 = cx + b.width / 2, bulge = Math.max(x1, x2) + 40 + 20 * rightBends++;
        d = `M${x1},${a.y + height / 2} C${bulge},${a.y + height / 2} ${bulge},${b.y + height / 2} ${x2},${b.y + height / 2}`;
        lx = bulge - 8; ly = (a.y + b.y + height) / 2 + 4; anchor = 'end';
      } else {
        const x1 = cx - a.width / 2, x2 = cx - b.width / 2, bulge = Math.min(x1, x2) - 40 - 20 * leftBends++;
        d = `M${x1},${a.y + height / 2} C${bulge},${a.y + height / 2} ${bulge},${b.y + height / 2} ${x2},${b.y + height / 2}`;
        lx = bulge - 6; ly = (a.y + b.y + height) / 2 + 4; anchor = 'end';
      }
      el('path', { d, 'marker-end': 'url(#arrow)' }, group);
      if (e.label) {
        const lines = wrap(e.label, 18, 5);
        const t = el('text', { x: lx, y: ly - (lines.length - 1) * 6.5, 'text-anchor': anchor }, group);
        lines.forEach((line, i) => {
          el('tspan', { x: lx, dy: i ? 13 : 0 }, t).textContent = line;
        });
        el('title', {}, t).textContent = e.label;
      }
    }
    for (const n of g.nodes) {
      const group = el('g', { class: 'node' + (n.id === g.current ? ' current' : ''), 'data-action': n.label }, svg);
      el('rect', { x: cx - n.width / 2, y: n.y, width: n.width, height, rx: 8 }, group);
      const t = el('text', { x: cx, y: n.y + height / 2 + 5, 'text-anchor': 'middle' }, group);
      t.textContent = n.label;
    }
    container.replaceChildren(svg);
    return g;
  }

  window.BurrGraph = { parse, render };
})();
