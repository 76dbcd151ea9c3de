// The web UI's entry point. The page says what it is: the HTML report carries its data in
// <script id="gpugap-data"> (and the engine that recomputes it); the page of `gpugap serve` asks
// the JSON API.

import { startApp } from './app';
import { startReport, type ReportData } from './report_app';

const root = document.getElementById('gpugap');
if (root?.dataset.mode === 'report') {
  startReport(root, JSON.parse(document.getElementById('gpugap-data')?.textContent ?? '{}') as ReportData);
} else if (root) void startApp(root);
