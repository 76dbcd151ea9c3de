// The web UI's entry point. The page says what it is: the HTML report carries its data in
// <script id="gpugap-data">; the page of `gpugap serve` asks the JSON API.

import { startApp } from './app';
import { ChartSet } from './charts';
import { renderDocument } from './document';
import type { PageData } from './types';

function showReport(root: HTMLElement): void {
  const data = JSON.parse(document.getElementById('gpugap-data')?.textContent ?? '{}') as PageData;
  document.body.dataset.state = 'rendering';
  const drawn = renderDocument(data, new ChartSet());
  root.appendChild(drawn.element);
  void drawn.done.then(() => {
    document.body.dataset.state = 'ready';
  });
}

const root = document.getElementById('gpugap');
if (root?.dataset.mode === 'report') showReport(root);
else if (root) void startApp(root);
