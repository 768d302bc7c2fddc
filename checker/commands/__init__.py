"""One module per subcommand of the command line (check, report, fix, serve, rules, config) and
what they share (batch: many inputs, changes: --changed-since)."""
