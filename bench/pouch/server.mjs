/**
 * The reference server for bench/sync: express-pouchdb (the CouchDB API that pouchdb-server
 * wraps) over PouchDB's in-memory adapter, so no native code (pouchdb-server's sqlite3 would
 * compile for minutes). CORS is on, as a browser PouchDB needs; the bench page is served from
 * /__bench/ on the same origin so that, like the Lumbung client, it pays no preflights.
 * Packages resolve from bench/node_modules (npm ci --prefix bench).
 * Usage: PORT=<port> PAGES_DIR=<dir> LOG_DIR=<dir> node bench/pouch/server.mjs
 */
import { join } from 'node:path';
import express from 'express';
import cors from 'cors';
import expressPouchDB from 'express-pouchdb';
import PouchDB from 'pouchdb-core';
import memoryAdapter from 'pouchdb-adapter-memory';
import httpAdapter from 'pouchdb-adapter-http';
import mapreduce from 'pouchdb-mapreduce';
import replication from 'pouchdb-replication';

const MemPouch = PouchDB.plugin(memoryAdapter)
  .plugin(httpAdapter)
  .plugin(mapreduce)
  .plugin(replication)
  .defaults({ adapter: 'memory' });

const app = express();
app.use(cors({ origin: true, credentials: true }));
if (process.env.PAGES_DIR) app.use('/__bench', express.static(process.env.PAGES_DIR));
app.use(
  '/db',
  expressPouchDB(MemPouch, {
    mode: 'minimumForPouchDB',
    inMemoryConfig: true,
    logPath: join(process.env.LOG_DIR ?? '.', 'pouch-log.txt'),
  }),
);
const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`listening http://127.0.0.1:${server.address().port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
