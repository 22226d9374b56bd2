"""Yearly appraisal (评议考核): schemes of weighted indicators and a scorecard per
appraised agency, computed from the record (docs/appraisal.md)."""
