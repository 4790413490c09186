/**
 * `npm run bench`: prints numbers; asserts nothing. `npm run bench -- core|native|hospital|footprint|gateway|dll` runs one suite.
 * Needs `npm run build` (the native library) for the native and dll suites.
 */
// koffi's async calls run on libuv's pool: give it room for 8 calling threads before first use.
process.env.UV_THREADPOOL_SIZE ??= '16';

const bill = await import('./bill-reconcile.js');
if (bill.isBillChild(process.argv)) {
  // One measurement of the bill suite, in its own process (peak RSS is per process).
  await bill.billChild(process.argv[3]!, process.argv[4]!, process.argv[5]!);
  process.exit(0);
}
const hospitalBench = await import('./hospital-toolkit.js');
const serverChild = hospitalBench.isHospitalServerChild(process.argv);
// One server of the hospital suite's requests/s comparison, in its own process (runs no suite).
if (serverChild) await hospitalBench.hospitalServerChild(process.argv[3] as 'bare');
// Suites are imported when they run: bundled into one file, a suite module's top level would
// otherwise run with every other suite.
const { printTable } = await import('./measure.js');

const only = serverChild ? 'none' : process.argv[2];
const suites: Record<string, () => Promise<void>> = {
  core: async () => {
    console.log('\n# core: envelope seal+open beside an OpenSSL floor from the same run (target ≤ 1.4× the floor)');
    printTable((await import('./core-seal-open.js')).benchCore());
  },
  native: async () => {
    console.log('\n# native: runtime start and pipe round trip (targets: first call ≤ 150 ms)');
    printTable(await (await import('./native-overhead.js')).benchNative());
  },
  hospital: async () => {
    console.log('\n# hospital: ORG toolkit validation and round trip vs bare node:http (target ≥ 0.6× bare requests/s, validation on)');
    const r = await hospitalBench.benchHospital();
    printTable(r.results);
    for (const l of r.lines) console.log(l);
  },
  footprint: async () => {
    console.log('\n# footprint: the runtime per HIS process (terminal servers), beside bare node in the same run');
    for (const l of await (await import('./footprint.js')).benchFootprint()) console.log(l);
  },
  gateway: async () => {
    console.log('\n# gateway: the 前置机 hop vs the local runtime, and 2,000 clients on one gateway');
    const { repoRoot } = await import('./mobiletrans-vs-client.js');
    const r = await (await import('./gateway-hop.js')).benchGateway(repoRoot());
    printTable(r.latency);
    for (const l of r.lines) console.log(l);
  },
  dll: async () => {
    console.log('\n# dll: MobileTrans vs AmpClient against one simulator process');
    const r = await (await import('./mobiletrans-vs-client.js')).benchMobileTransVsClient();
    printTable(r.latency);
    for (const l of r.lines) console.log(l);
  },
};
suites.bill = async () => {
  console.log('\n# bill: trade file parse and three-way reconcile, streaming (targets at 1M rows: parse ≥ 0.9× the line-split loop; parse+reconcile ≥ 300k rows/s, ≤ 200 MB peak RSS)');
  for (const l of await bill.benchBill(process.env.ONETRANS_BENCH_BILL_ROWS?.split(',').map(Number))) console.log(l);
};
for (const [name, run] of Object.entries(suites)) if (!only || only === name) await run();
