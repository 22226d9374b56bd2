"""Supervision: the enforcement indicators of an agency, a department, an officer and of
every supervised agency, by period, with charts, drill-downs and exports."""
