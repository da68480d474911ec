"""The figures: raw counts of an employer's programmes over a period, from the stage
history (and the summary kept in step with it), with their definitions and periods."""
