"""Input and output: tables, workbooks and region files in, tables and files out, every
problem traced to the place it was typed (docs/architecture.md, "Layers").

``batch`` (a table as the core's columns), ``frame`` (pandas in and out), ``regions`` (the
region hierarchy's files), ``excel`` (the template, its reader and the results workbook);
``_inputs`` (what each point takes), ``_issues`` (problems located), ``_scheme_choice``
(which scheme decides), ``_cohort`` (a cohort graded in chunks)."""
