"""Rules as data: loading and validating rule files (load), what a rule set must satisfy beyond
its schema (lint), and each rule judged by its own examples (examples)."""
from checker.rules.load import (Example, Expected, Rule, RuleError, Scope, default_rules,
                                load_file, load_rules, rule_files)

__all__ = ["Example", "Expected", "Rule", "RuleError", "Scope", "default_rules", "load_file",
           "load_rules", "rule_files"]
