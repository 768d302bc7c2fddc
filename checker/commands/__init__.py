"""One module per subcommand of the command line, each adding its own options to its parser
(`add_arguments(parser)`, which also sets `run`), and what they share: `options` (flags defined
once), `batch` (checking many inputs), `changes` (--changed-since).

`COMMANDS` is all `checker --help` needs: the names and one line each. A command's module is
imported only when that command runs (or its --help is asked for), so neither `checker --help`
nor `checker rules lint` loads spaCy, Starlette or Jinja2.
"""

COMMANDS = {
    "check": "check articles (files, directories, - for stdin)",
    "report": "write HTML/Markdown/JSON reports: an index and one page per article, with "
              "coverage and cross-article consistency",
    "config": "print the configuration in force and where each value came from",
    "serve": "HTTP API (POST /v1/check, GET /v1/rules, /healthz) and a paste-and-check page "
             "at /; binds loopback by default",
    "fix": "apply the safe suggested replacements (unit mix-ups, misspellings) in place; "
           "--dry-run prints a unified diff",
    "rules": "validate and test rule files (the CI gate)",
    "archive": "check a whole archive on Dask (incremental, resumable) into a Parquet store, "
               "and report it",
}
