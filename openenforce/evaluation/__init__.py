"""Case-file evaluation (案卷评查): rubrics as versioned data (docs/evaluation.md)."""
