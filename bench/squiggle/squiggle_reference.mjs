// sequoia-2024-uncertain in Squiggle 0.10, for the whole-process comparison of docs/BENCHMARKS.md:
//   cd bench/squiggle && npm install && node squiggle_reference.mjs [N]
// Same model as scenarios/sequoia-2024-uncertain.toml ("a to b" is Squiggle's own 90% interval,
// a lognormal when a > 0); prints the mean of the gap and P(gap > 0).
import { run } from "@quri/squiggle-lang";

const n = Number(process.argv[2] ?? 1e6);
const code = `
gpu_runrate = 120e9 to 180e9
energy_ratio = 0.5 to 1.2
end_user_margin = triangular(0.3, 0.5, 0.7)
ai_revenue = 75e9 to 150e9
gap = gpu_runrate * (1 + energy_ratio) / (1 - end_user_margin) - ai_revenue
{mean: mean(gap), p_positive: 1 - cdf(gap, 0), p5: quantile(gap, 0.05), p95: quantile(gap, 0.95)}
`;
const start = performance.now();
const output = await run(code, {
  environment: { sampleCount: n, xyPointLength: 1000, seed: "gpugap" },
});
const seconds = (performance.now() - start) / 1000;
if (!output.result.ok) {
  console.error(output.result.value.toString());
  process.exit(1);
}
console.log(`squiggle 0.10.0: ${n} samples, ${seconds.toFixed(3)} s in run(); ` +
            output.result.value.result.toString());
