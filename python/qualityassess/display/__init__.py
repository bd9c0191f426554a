"""What the facade's objects show of themselves, below the facade: the one ranking order and
the cohort's tables (``ranking``), the notebook views as HTML and text (``html``) and the
charts, as matplotlib Axes or inline SVG (``charts``). Nothing here imports ``scheme`` or
``assessment`` when it runs: they pass themselves in (docs/architecture.md, "Layers")."""
