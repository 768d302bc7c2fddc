"""The whole archive: check millions of published articles on Dask, re-check only what a rule
change can touch, and report the archive (docs/archive.md).

- `sources`: where the articles are (a directory tree, JSON Lines, Parquet, a SQL query) and how
  they are cut into partitions that stay the same from one run to the next;
- `fingerprint`: what an article's result depends on (its text and date, the rules that can
  fire in it, the checker's own code), so that a re-run knows what is still valid;
- `store`: the Parquet dataset of results, one file per partition and table, replaced
  atomically;
- `task`: one partition checked on a worker; `runner`: the Dask side (cluster, worker plugin,
  progress); `impact`: a rule change's effect on the archive; `report`: the archive report.

Needs the `archive` extra (dask, distributed, pyarrow, SQLAlchemy, psycopg).
"""
