// DuckDB side of bench/run_ingest_bench.sh: the same access-key look-up as credtrace, straight
// over the CloudTrail .json.gz delivery files, with the npm package @duckdb/node-api (installed by
// the bench script into bench/node/, git-ignored).
//
//   node bench/duckdb_lookup.mjs CORPUS_DIR ACCESS_KEY_ID [THREADS]
//
// Times, each on a fresh in-memory database (so nothing is cached between them):
//   count    SELECT count(*) of the key's events; only the fields needed are declared (the
//            cheapest way DuckDB can answer: no schema inference, no full records)
//   fetch    the key's full records as JSON text (what `credtrace search --json` returns)
//   load     CREATE TABLE of every record (one JSON value per record, eventTime/eventID/key as
//            columns): the "load it into DuckDB first" workflow; then the look-up on the table
// Prints `name=value` lines (seconds, counts) for the bench script.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The package lives in bench/node/node_modules (or $DUCKDB_NODE_DIR/node_modules).
const nodeDir = process.env.DUCKDB_NODE_DIR ?? path.join(path.dirname(fileURLToPath(import.meta.url)), 'node');
const { DuckDBInstance } = createRequire(path.join(nodeDir, 'package.json'))('@duckdb/node-api');

const [corpus, key, threads = '2'] = process.argv.slice(2);
if (!corpus || !key) {
  console.error('usage: node duckdb_lookup.mjs CORPUS_DIR ACCESS_KEY_ID [THREADS]');
  process.exit(2);
}
const glob = `${corpus.replace(/\/+$/, '')}/**/*.json.gz`;
const sqlString = (s) => `'${s.replaceAll("'", "''")}'`;
// Each delivery file is one JSON object {"Records":[...]}; ignore_errors keeps a bad file from
// stopping the scan (as credtrace does).
const src = (columns) =>
  `read_json(${sqlString(glob)}, format='unstructured', records=true, compression='gzip', ` +
  `maximum_object_size=1073741824, ignore_errors=true, columns=${columns})`;

async function fresh() {
  const db = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  return db.connect();
}

async function timed(name, fn) {
  const t0 = process.hrtime.bigint();
  const out = await fn();
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(`${name}_s=${s.toFixed(3)}`);
  return out;
}

const k = sqlString(key);

{
  const con = await fresh();
  const rows = await timed('count', async () => {
    const r = await con.runAndReadAll(
      `SELECT count(*) FILTER (WHERE r.userIdentity.accessKeyId = ${k}) AS n, count(*) AS total
       FROM (SELECT unnest(Records) AS r FROM ${src(
         "{Records: 'STRUCT(userIdentity STRUCT(accessKeyId VARCHAR))[]'}")})`);
    return r.getRows();
  });
  console.log(`count=${rows[0][0]}`);
  console.log(`total_events=${rows[0][1]}`);
}

{
  const con = await fresh();
  const n = await timed('fetch', async () => {
    const r = await con.runAndReadAll(
      `SELECT CAST(r AS VARCHAR) FROM (SELECT unnest(Records) AS r FROM ${src(
        "{Records: 'JSON[]'}")}) WHERE json_extract_string(r, '$.userIdentity.accessKeyId') = ${k}`);
    let bytes = 0;
    for (const [rec] of r.getRows()) bytes += rec.length;
    console.log(`fetch_bytes=${bytes}`);
    return r.currentRowCount;
  });
  console.log(`fetch_rows=${n}`);
}

{
  const con = await fresh();
  await timed('load', () =>
    con.run(
      `CREATE TABLE events AS
       SELECT json_extract_string(r, '$.eventTime') AS eventTime,
              json_extract_string(r, '$.eventID') AS eventID,
              json_extract_string(r, '$.userIdentity.accessKeyId') AS accessKeyId,
              r AS record
       FROM (SELECT unnest(Records) AS r FROM ${src("{Records: 'JSON[]'}")})`));
  const n = await timed('table_lookup', async () => {
    const r = await con.runAndReadAll(
      `SELECT CAST(record AS VARCHAR) FROM events WHERE accessKeyId = ${k} ORDER BY eventTime`);
    return r.currentRowCount;
  });
  console.log(`table_lookup_rows=${n}`);
}
