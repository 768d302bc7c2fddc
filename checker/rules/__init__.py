"""Rules as data: loading and validating rule files (load, schema), what a rule set must satisfy
beyond its schema (lint), and each rule judged by its own examples (examples)."""
from checker.rules.load import (Example, Rule, RuleError, default_rules, load_file, load_rules,
                                parse_date, rule_files)

__all__ = ["Example", "Rule", "RuleError", "default_rules", "load_file", "load_rules",
           "parse_date", "rule_files"]
