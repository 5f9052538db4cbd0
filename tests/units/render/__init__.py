"""render/: tables drawn without rich, layouts, column-wise reading."""
