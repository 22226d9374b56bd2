"""Remedies against decisions: administrative reconsideration (行政复议) and litigation
(行政诉讼) brought by the parties, and their outcomes, recorded on the case."""
